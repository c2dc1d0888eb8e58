namespace Mnemo.Formats;

/// <summary>Where the anchors of one addition example go. <see cref="Digits"/>[o][d]: the anchor before
/// digit d (as written, most significant first) of operand o; <see cref="OperandEnd"/>: the anchor
/// closing each operand; <see cref="Places"/>[p]: the anchors before the result digit of place 10^p.</summary>
public sealed record AdditionAnchors(string?[][] Digits, string? OperandEnd, string[][] Places)
{
    /// <summary>Anchors for operands written as <paramref name="operands"/>, with <paramref name="places"/>
    /// = n place values plus the carry place.</summary>
    public static AdditionAnchors Choose(AdditionStyle style, IReadOnlyList<string> operands, int places, int pool, Random rng) => style switch
    {
        AdditionStyle.Plain => new(operands.Select(o => new string?[o.Length]).ToArray(), null, Enumerable.Repeat(Array.Empty<string>(), places).ToArray()),
        AdditionStyle.Aligned => Aligned(operands, places, pool, rng),
        AdditionStyle.NonAligned => NonAligned(operands, places, pool, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    /// <summary>Distinct anchors needed at most for n-digit operands.</summary>
    public static int Needed(AdditionStyle style, int n) => style switch
    {
        AdditionStyle.Aligned => n + 1,
        AdditionStyle.NonAligned => 2 * n,
        _ => 0,
    };

    /// <summary>The anchors are drawn in the order the places first appear in an n-digit operand: from
    /// the most significant place down to the units, then the carry place (so with draws M1, M2, M3,
    /// 12 + 9 reads <c>M1 1 M2 2 M3 + M2 9 M3</c>, the paper's example).</summary>
    private static AdditionAnchors Aligned(IReadOnlyList<string> operands, int places, int pool, Random rng)
    {
        var drawn = AnchorSampler.DistinctAnchors(rng, pool, places);
        int carry = places - 1;
        string OfPlace(int p) => p == carry ? drawn[carry] : drawn[carry - 1 - p];
        return new(
            operands.Select(o => Enumerable.Range(0, o.Length).Select(d => (string?)OfPlace(o.Length - 1 - d)).ToArray()).ToArray(),
            drawn[carry],
            Enumerable.Range(0, places).Select(p => new[] { OfPlace(p) }).ToArray());
    }

    /// <summary>The anchors are drawn in prompt order; the result digit of a place is preceded by the
    /// second operand's anchor of that place, then the first's (the paper's example order); the carry
    /// place has no operand digit and so no anchor.</summary>
    private static AdditionAnchors NonAligned(IReadOnlyList<string> operands, int places, int pool, Random rng)
    {
        var drawn = AnchorSampler.DistinctAnchors(rng, pool, operands.Sum(o => o.Length));
        var digits = new string?[operands.Count][];
        for (int o = 0, next = 0; o < operands.Count; next += operands[o].Length, o++)
            digits[o] = drawn[next..(next + operands[o].Length)];
        string[] OfPlace(int p) =>
            Enumerable.Range(0, operands.Count).Reverse()
                .Where(o => p < operands[o].Length)
                .Select(o => digits[o][operands[o].Length - 1 - p]!)
                .ToArray();
        return new(digits, null, Enumerable.Range(0, places).Select(OfPlace).ToArray());
    }
}
