namespace Mnemo.Formats;

/// <summary>Draws the random anchors of one example. Every anchor format draws through here, so a
/// seed gives the same anchors whatever the task, and tests can steer the draw with a scripted
/// <see cref="Random"/> (the i-th draw is <c>rng.Next(i, pool)</c>).</summary>
public static class AnchorSampler
{
    /// <summary>k distinct values of 0..pool-1 in random order (partial Fisher–Yates).</summary>
    public static int[] Distinct(Random rng, int pool, int k)
    {
        // formats check the pool against the length first (CheckPool), with a message for the user
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, pool);
        var all = Enumerable.Range(0, pool).ToArray();
        for (int i = 0; i < k; i++)
        {
            int j = rng.Next(i, pool);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all[..k];
    }

    /// <summary>k distinct random anchor tokens <c>M&lt;k&gt;</c>.</summary>
    public static string[] DistinctAnchors(Random rng, int pool, int k) =>
        Distinct(rng, pool, k).Select(FormatTokens.Anchor).ToArray();

    /// <summary>The error for a length whose anchors do not fit in the pool, naming the option to raise.</summary>
    /// <param name="numbered">The anchors are numbers up to <paramref name="needed"/> rather than that many distinct tokens.</param>
    public static void CheckPool(string format, int needed, int pool, int length, bool numbered = false)
    {
        if (needed > pool)
            throw new MnemoException(FormatOptions.Inputs.AnchorPool,
                $"{format} needs {(numbered ? $"anchors numbered up to {needed}" : $"{needed} distinct anchors")} for length {length}, but the pool has only {pool} (raise {FormatOptions.Inputs.AnchorPool} to at least {needed})");
    }
}
