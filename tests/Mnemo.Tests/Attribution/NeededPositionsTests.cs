using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Attribution;

public class NeededPositionsTests
{
    private static readonly ParityTask Parity = new();
    private static ProblemInstance Bits(string bits) => new("parity", bits.Length, [bits]);

    private static NeededPositions Needs(ITaskFormat format, ProblemInstance instance, FormattedExample example) =>
        ((INeededPositions)format).Needs(instance, example);

    /// <summary>The needs of every target token, sorted, as "position: needed…" for readable failures.</summary>
    private static string[] Describe(NeededPositions needs, FormattedExample example) =>
        needs.Needed.Select((n, j) => $"{example.Prompt.Count + j}: {string.Join(' ', n.Order())}").ToArray();

    [Fact]
    public void Scratchpad_parity_needs_the_current_bit_and_the_previous_parity()
    {
        // >>> 1 0 1 === 1 1 0 : bits at 1, 2, 3; parities at 5, 6, 7
        var format = new ScratchpadFormat(Parity);
        var instance = Bits("101");
        var example = format.Render(instance, new Random(0));
        var needs = Needs(format, instance, example);
        Assert.Equal(["5: 1", "6: 2 5", "7: 3 6"], Describe(needs, example));
        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3], needs.Steps);
    }

    [Fact]
    public void Random_anchors_need_the_bit_after_the_anchor_its_anchor_and_the_previous_parity()
    {
        // 0 >>>  1 M17  2 1  3 M4  4 0  5 M92  6 1  7 ===  8 M17  9 1  10 M4  11 1  12 M92  13 0
        var format = new AnchorFormat(Parity, AnchorStyle.Random, new FormatOptions());
        var instance = Bits("101");
        var example = format.Render(instance, new ScriptedRandom(17, 4, 92));
        var needs = Needs(format, instance, example);
        Assert.Equal(["8: 1", "9: 1 2", "10: 3", "11: 3 4 9", "12: 5", "13: 5 6 11"], Describe(needs, example));
        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 0, 1, 1, 2, 2, 3, 3], needs.Steps);
    }

    [Fact]
    public void Spaced_anchors_mark_the_anchor_only_where_there_is_one()
    {
        // spacing 2: 0 >>>  1 Ma  2 1  3 0  4 Mb  5 1  6 ===  7 Ma  8 1  9 1  10 Mb  11 0
        var format = new AnchorFormat(Parity, AnchorStyle.Random, new FormatOptions { Spacing = 2 });
        var instance = Bits("101");
        var example = format.Render(instance, new Random(3));
        Assert.Equal(7, example.Prompt.Count);
        var needs = Needs(format, instance, example);
        Assert.Equal(["7: 1", "8: 1 2", "9: 3 8", "10: 4", "11: 4 5 9"], Describe(needs, example));
    }

    [Fact]
    public void Non_aligned_target_anchors_need_nothing_the_model_could_know()
    {
        var format = new AnchorFormat(Parity, AnchorStyle.NonAligned, new FormatOptions());
        var instance = Bits("10");
        var example = format.Render(instance, new Random(1));
        var needs = Needs(format, instance, example);
        // 0 >>>  1 A  2 1  3 B  4 0  5 ===  6 C  7 1  8 D  9 1
        Assert.Equal(["6: ", "7: 1 2", "8: ", "9: 3 4 7"], Describe(needs, example));
    }

    [Fact]
    public void Interleaved_parity_needs_the_bit_just_written_and_the_parity_before_it()
    {
        // >>> 1 0 1 === 1 1 0 1 1 0 : each copied bit needs its prompt bit
        var format = new InterleavedFormat(Parity, new FormatOptions { Forced = true });
        var instance = Bits("101");
        var example = format.Render(instance, new Random(0));
        var needs = Needs(format, instance, example);
        Assert.Equal(["5: 1", "6: 5", "7: 2", "8: 6 7", "9: 3", "10: 8 9"], Describe(needs, example));
        Assert.Equal([0, 1, 2, 3, 0, 1, 1, 2, 2, 3, 3], needs.Steps);
    }

    [Fact]
    public void Direct_parity_needs_every_bit()
    {
        var format = new DirectFormat(Parity);
        var instance = Bits("101");
        var example = format.Render(instance, new Random(0));
        var needs = Needs(format, instance, example);
        Assert.Equal(["5: 1 2 3"], Describe(needs, example));
        Assert.Equal(3, needs.Steps[5]);
    }

    [Fact]
    public void Reverse_reads_the_mirrored_item_without_a_running_state()
    {
        // >>> a b c === c b a
        var task = new ReverseTask();
        var format = new ScratchpadFormat(task);
        var instance = new ProblemInstance("reverse", 3, ["abc"]);
        var example = format.Render(instance, new Random(0));
        var needs = Needs(format, instance, example);
        Assert.Equal(["5: 3", "6: 2", "7: 1"], Describe(needs, example));
        Assert.Equal([3, 2, 1], needs.Steps.Skip(5));
    }

    [Fact]
    public void Aligned_addition_needs_the_digits_of_the_place_and_the_place_below_and_the_previous_result_digit()
    {
        //  0 >>>  1 M1  2 1  3 M2  4 2  5 M3  6 +  7 M2  8 9  9 M3  10 ===
        // 11 M2  12 1  13 M1  14 2  15 M3  16 0  17 ###  18 M3  19 0  20 M1  21 2  22 M2  23 1
        var format = FormatRegistry.Create(new AdditionTask(), "anchors", new FormatOptions());
        var instance = new ProblemInstance("addition", 2, ["12", "9"]);
        var example = format.Render(instance, new ScriptedRandom(1, 2, 3));
        var needs = Needs(format, instance, example);
        Assert.Equal(
            ["11: 3 7", "12: 3 4 7 8", "13: 1", "14: 1 2 3 4 7 8 12", "15: 5 9", "16: 1 2 14", "17: ",
             "18: 5 9", "19: 16", "20: 1", "21: 14", "22: 3 7", "23: 12"],
            Describe(needs, example));
        Assert.Equal([0, 2, 2, 1, 1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 2, 2, 2, 0, 2, 2, 2, 2, 1, 1], needs.Steps);
    }

    [Theory]
    [MemberData(nameof(Formats.FormatConfigTests.AllFormats), MemberType = typeof(Formats.FormatConfigTests))]
    public void Every_format_declares_only_earlier_positions_for_every_target_token(string taskName, string formatName)
    {
        var task = TaskRegistry.Create(taskName);
        var format = FormatRegistry.Create(task, formatName, new FormatOptions { AnchorPool = 64 });
        var rng = new Random(5);
        foreach (int length in new[] { 1, 3, 12, 25 })
        {
            var instance = task.Sample(rng, length);
            var example = format.Render(instance, rng);
            var needs = Needs(format, instance, example);
            Assert.Equal(example.Prompt.Count + example.Target.Count, needs.Steps.Count);
            Assert.Equal(example.Target.Count, needs.Needed.Count);
            for (int j = 0; j < example.Target.Count; j++)
                Assert.All(needs.Needed[j], i => Assert.InRange(i, 0, example.Prompt.Count + j - 1));
            Assert.All(needs.Steps, s => Assert.InRange(s, 0, length));
            // every token the model must write (bits, digits, symbols) has something it needs
            Assert.Contains(needs.Needed, n => n.Count > 0);
        }
    }
}
