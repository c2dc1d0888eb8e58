namespace Mnemo.Data;

/// <summary>Chooses the position ids of one sequence according to a <see cref="PositionMode"/>.</summary>
/// <param name="range">Positions are drawn from 0..range−1 (offset, randomized); a longer sequence is refused.</param>
/// <param name="sequentialAtEvaluation">Randomized mode only: evaluate with 0..T−1 instead of sampled positions.</param>
/// <param name="spread">Randomized training only: how densely a sequence covers the range (<see cref="PositionSpread"/>).</param>
public sealed class PositionSampler(PositionMode mode, int range, bool sequentialAtEvaluation = false,
    PositionSpread spread = PositionSpread.Fixed)
{
    /// <summary>Largest position + 1 this sampler can emit for sequences up to <paramref name="maxLength"/> tokens.</summary>
    public int Extent(int maxLength) => mode == PositionMode.Sequential ? maxLength : Math.Max(range, maxLength);

    /// <summary>Whether sequences get drawn positions in training or evaluation (and so must fit in the range).</summary>
    public bool Draws(bool training) =>
        mode == PositionMode.Randomized ? training || !sequentialAtEvaluation : mode == PositionMode.Offset && training;

    /// <summary>The position ids of one sequence, ascending. Throws <see cref="MnemoException"/> when drawn
    /// positions cannot hold <paramref name="length"/> tokens (never silently falls back to 0..T−1).</summary>
    public int[] Sample(int length, Random rng, bool training)
    {
        if (!Draws(training) || length == range) return Enumerable.Range(0, length).ToArray();
        if (length > range)
            throw new MnemoException($"training.position_range: a sequence of {length} tokens does not fit in {range} positions; it needs a range of at least {length}");
        if (mode == PositionMode.Offset)
        {
            int start = rng.Next(0, range - length + 1);
            return Enumerable.Range(start, length).ToArray();
        }
        int r = training && spread == PositionSpread.Mixed
            ? Math.Clamp((int)Math.Round(length * Math.Pow((double)range / length, rng.NextDouble())), length, range)
            : range;
        // an ordered sample without replacement (Floyd's algorithm, then sort)
        var chosen = new HashSet<int>();
        for (int j = r - length; j < r; j++)
            if (!chosen.Add(rng.Next(0, j + 1))) chosen.Add(j);
        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }
}
