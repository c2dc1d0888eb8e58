namespace Mnemo.Data;

/// <summary>Chooses the position ids of one sequence according to a <see cref="PositionMode"/>.</summary>
/// <param name="range">Positions are drawn from 0..range−1 (offset, randomized).</param>
/// <param name="sequentialAtEvaluation">Randomized mode only: evaluate with 0..T−1 instead of sampled positions.</param>
public sealed class PositionSampler(PositionMode mode, int range, bool sequentialAtEvaluation = false)
{
    /// <summary>Largest position + 1 this sampler can emit for sequences up to <paramref name="maxLength"/> tokens.</summary>
    public int Extent(int maxLength) => mode == PositionMode.Sequential ? maxLength : Math.Max(range, maxLength);

    public int[] Sample(int length, Random rng, bool training)
    {
        bool sequential = mode == PositionMode.Sequential
                          || (!training && (mode == PositionMode.Offset || sequentialAtEvaluation))
                          || length >= range;
        if (sequential) return Enumerable.Range(0, length).ToArray();
        if (mode == PositionMode.Offset)
        {
            int start = rng.Next(0, range - length + 1);
            return Enumerable.Range(start, length).ToArray();
        }
        // an ordered sample without replacement (Floyd's algorithm, then sort)
        var chosen = new HashSet<int>();
        for (int j = range - length; j < range; j++)
            if (!chosen.Add(rng.Next(0, j + 1))) chosen.Add(j);
        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }
}
