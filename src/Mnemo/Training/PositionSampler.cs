namespace Mnemo.Training;

/// <summary>Chooses the position ids of one sequence according to a <see cref="PositionMode"/>.</summary>
public sealed class PositionSampler(PositionMode mode, int range)
{
    public PositionMode Mode => mode;
    public int Range => range;

    /// <summary>Largest position + 1 this sampler can emit for sequences up to <paramref name="maxLength"/> tokens.</summary>
    public int Extent(int maxLength) => mode == PositionMode.Sequential ? maxLength : Math.Max(range, maxLength);

    public int[] Sample(int length, Random rng, bool training)
    {
        if (mode == PositionMode.Sequential || (mode == PositionMode.Offset && !training) || length >= range)
            return Enumerable.Range(0, length).ToArray();
        if (mode == PositionMode.Offset)
        {
            int start = rng.Next(0, range - length + 1);
            return Enumerable.Range(start, length).ToArray();
        }
        // ordered sample without replacement: Floyd's algorithm, then sort
        var chosen = new HashSet<int>();
        for (int j = range - length; j < range; j++)
            if (!chosen.Add(rng.Next(0, j + 1))) chosen.Add(j);
        var result = chosen.ToArray();
        Array.Sort(result);
        return result;
    }
}
