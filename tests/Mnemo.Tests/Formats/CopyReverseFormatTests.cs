using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

public class CopyReverseFormatTests
{
    private static readonly CopyTask Copy = new();
    private static readonly ReverseTask Reverse = new();
    private static ProblemInstance Symbols(IAlgorithmicTask task, string s) => new(task.Name, s.Length, [s]);

    private static string Render(ISequenceTask task, string format, string s, Random rng, FormatOptions? options = null) =>
        FormatRegistry.Create(task, format, options ?? new FormatOptions()).Render(Symbols(task, s), rng).ToString();

    [Fact]
    public void Scratchpads()
    {
        Assert.Equal(">>> a b c === a b c", Render(Copy, "scratchpad", "abc", new Random(0)));
        Assert.Equal(">>> a b c === c b a", Render(Reverse, "scratchpad", "abc", new Random(0)));
    }

    [Fact]
    public void Aligned_anchors_follow_the_symbol_each_step_reads()
    {
        Assert.Equal(">>> M17 a M4 b M92 c === M17 a M4 b M92 c", Render(Copy, "anchors", "abc", new ScriptedRandom(17, 4, 92)));
        Assert.Equal(">>> M17 a M4 b M92 c === M92 c M4 b M17 a", Render(Reverse, "anchors", "abc", new ScriptedRandom(17, 4, 92)));
    }

    [Fact]
    public void Numeric_anchors_leave_letters_as_they_are()
    {
        Assert.Equal(">>> 1 a 2 b 3 c === 3 c 2 b 1 a", Render(Reverse, "anchors-numeric", "abc", new Random(0)));
    }

    [Fact]
    public void Reverse_with_spacing_repeats_anchors_where_it_reads_a_marked_symbol()
    {
        Assert.Equal(">>> M17 a b M4 c d === d M4 c b M17 a",
            Render(Reverse, "anchors", "abcd", new ScriptedRandom(17, 4), new FormatOptions { Spacing = 2 }));
    }

    [Fact]
    public void The_alphabet_is_configurable()
    {
        var task = new CopyTask("xyz");
        Assert.Equal(["x", "y", "z"], task.Alphabet);
        var rng = new Random(3);
        for (int i = 0; i < 100; i++) Assert.All(task.Sample(rng, 10).Operands[0], c => Assert.Contains(c, "xyz"));
        Assert.Equal(">>> 0 1 === 0 1", Render(new CopyTask("01"), "scratchpad", "01", new Random(0)));
    }

    [Fact]
    public void Copy_and_reverse_list_the_scratchpad_and_every_anchor_format()
    {
        string[] expected = ["scratchpad", "anchors", "anchors-numeric", "anchors-constant", "anchors-nonaligned", "anchors-cyclic"];
        Assert.Equal(expected, FormatRegistry.NamesFor(Copy));
        Assert.Equal(expected, FormatRegistry.NamesFor(Reverse));
    }

    [Fact]
    public void Every_task_is_registered()
    {
        Assert.Equal(["parity", "addition", "copy", "reverse"], TaskRegistry.Names);
        foreach (var name in TaskRegistry.Names) Assert.Equal(name, TaskRegistry.Create(name).Name);
    }
}
