using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

/// <summary>The paper's addition examples for 12 + 9 (= 021 with the carry digit), token for token.</summary>
public class AdditionFormatTests
{
    private static readonly AdditionTask Addition = new();
    private static readonly ProblemInstance TwelvePlusNine = new("addition", 2, ["12", "9"]);

    private static ITaskFormat Create(string format, FormatOptions? options = null) =>
        FormatRegistry.Create(Addition, format, options ?? new FormatOptions());

    [Fact]
    public void Plain()
    {
        var example = Create("plain").Render(TwelvePlusNine, new Random(0));
        Assert.Equal(">>> 1 2 + 9 === 1 2 0 ### 0 2 1", example.ToString());
        Assert.All(example.Forced, f => Assert.False(f));
    }

    [Fact]
    public void Plain_zero_padded()
    {
        var example = Create("plain", new FormatOptions { ZeroPad = true }).Render(TwelvePlusNine, new Random(0));
        Assert.Equal(">>> 1 2 + 0 9 === 1 2 0 ### 0 2 1", example.ToString());
    }

    [Fact]
    public void Aligned_anchors()
    {
        var example = Create("anchors").Render(TwelvePlusNine, new ScriptedRandom(1, 2, 3));
        Assert.Equal(">>> M1 1 M2 2 M3 + M2 9 M3 === M2 1 M1 2 M3 0 ### M3 0 M1 2 M2 1", example.ToString());
        Assert.All(example.Forced, f => Assert.False(f));
    }

    [Fact]
    public void Aligned_anchors_zero_padded()
    {
        var example = Create("anchors", new FormatOptions { ZeroPad = true }).Render(TwelvePlusNine, new ScriptedRandom(1, 2, 3));
        Assert.Equal(">>> M1 1 M2 2 M3 + M1 0 M2 9 M3 === M2 1 M1 2 M3 0 ### M3 0 M1 2 M2 1", example.ToString());
    }

    [Fact]
    public void Nonaligned_anchors()
    {
        var example = Create("anchors-nonaligned").Render(TwelvePlusNine, new ScriptedRandom(1, 2, 3));
        Assert.Equal(">>> M1 1 M2 2 + M3 9 === M3 M2 1 M1 2 0 ### 0 M1 2 M3 M2 1", example.ToString());
    }

    [Fact]
    public void Aligned_anchors_forced_marks_the_target_anchors()
    {
        var example = Create("anchors", new FormatOptions { Forced = true }).Render(TwelvePlusNine, new ScriptedRandom(1, 2, 3));
        Assert.Equal(">>> M1 1 M2 2 M3 + M2 9 M3 === M2 1 M1 2 M3 0 ### M3 0 M1 2 M2 1", example.ToString());
        Assert.Equal([0, 2, 4, 7, 9, 11], ForcedIndices(example));
    }

    [Fact]
    public void Nonaligned_anchors_forced_marks_the_target_anchors()
    {
        var example = Create("anchors-nonaligned", new FormatOptions { Forced = true }).Render(TwelvePlusNine, new ScriptedRandom(1, 2, 3));
        Assert.Equal(">>> M1 1 M2 2 + M3 9 === M3 M2 1 M1 2 0 ### 0 M1 2 M3 M2 1", example.ToString());
        Assert.Equal([0, 1, 3, 8, 10, 11], ForcedIndices(example));
    }

    [Fact]
    public void Aligned_anchors_follow_the_place_not_the_operand_order()
    {
        // 9 + 12: the units anchor M2 still marks the 9, and the tens anchor M1 only the 1 of 12
        var example = Create("anchors").Render(new ProblemInstance("addition", 2, ["9", "12"]), new ScriptedRandom(1, 2, 3));
        Assert.Equal(">>> M2 9 M3 + M1 1 M2 2 M3 === M2 1 M1 2 M3 0 ### M3 0 M1 2 M2 1", example.ToString());
    }

    [Fact]
    public void A_carry_out_of_the_top_place_fills_the_carry_digit()
    {
        var example = Create("plain").Render(new ProblemInstance("addition", 2, ["99", "99"]), new Random(0));
        Assert.Equal(">>> 9 9 + 9 9 === 8 9 1 ### 1 9 8", example.ToString());
    }

    [Fact]
    public void Addition_lists_its_three_formats()
    {
        Assert.Equal(["plain", "anchors", "anchors-nonaligned"], FormatRegistry.NamesFor(Addition));
    }

    private static int[] ForcedIndices(FormattedExample e) => Enumerable.Range(0, e.Forced.Count).Where(i => e.Forced[i]).ToArray();
}
