namespace Mnemo.Attribution;

/// <summary>Token labels for a heatmap axis: all of them up to <see cref="MostLabels"/>, beyond that
/// every k-th, so that labels never overlap however long the sequence.</summary>
public static class AxisLabels
{
    public const int MostLabels = 60;

    /// <summary>The indices to label: every k-th, k = ⌈count / MostLabels⌉ rounded up to an odd number,
    /// because anchor and interleaved formats alternate two kinds of token and an even stride would
    /// label only one kind (every anchor and no bit).</summary>
    public static int[] Shown(int count)
    {
        int every = Math.Max(1, (count + MostLabels - 1) / MostLabels);
        if (every % 2 == 0) every++;
        return Enumerable.Range(0, count).Where(i => i % every == 0).ToArray();
    }
}
