using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

/// <summary>Impossible requests fail with one clear line naming the setting to change.</summary>
public class FormatErrorTests
{
    private static DatasetRequest Request(string task = "parity", string format = "anchors", FormatOptions? options = null,
        int min = 1, int max = 10, int count = 5) => new(task, format, options ?? new FormatOptions(), min, max, count, Seed: 1);

    private static MnemoException Fails(Action action) => Assert.Throws<MnemoException>(action);

    [Theory]
    [InlineData("parity", "anchors", 10, 11, "11")]
    [InlineData("parity", "anchors-nonaligned", 21, 11, "22")]
    [InlineData("parity", "anchors-numeric", 10, 11, "11")]
    [InlineData("copy", "anchors", 10, 11, "11")]
    [InlineData("addition", "anchors", 5, 5, "6")]
    [InlineData("addition", "anchors-nonaligned", 9, 5, "10")]
    public void A_pool_smaller_than_the_anchors_needed_names_the_pool_and_the_need(string task, string format, int pool, int length, string needed)
    {
        var f = FormatRegistry.Create(TaskRegistry.Create(task), format, new FormatOptions { AnchorPool = pool });
        var error = Fails(() => f.CheckLength(length));
        Assert.Contains("anchor_pool", error.Message);
        Assert.Contains($"at least {needed}", error.Message);
        // the largest length that fits is accepted
        f.CheckLength(length - 1);
    }

    [Fact]
    public void Numeric_anchors_with_spacing_need_only_their_largest_index_in_the_pool()
    {
        // spacing 3 over 11 bits numbers items 1, 4, 7 and 10
        var spaced = FormatRegistry.Create(TaskRegistry.Create("parity"), "anchors-numeric", new FormatOptions { AnchorPool = 10, Spacing = 3 });
        spaced.CheckLength(11);
        Assert.Contains("1 4 7 10", string.Join(" ", spaced.Render(TaskRegistry.Create("parity").Sample(new Random(3), 11), new Random(3)).Prompt.Where(t => t.All(char.IsAsciiDigit))));
        var error = Fails(() => spaced.CheckLength(14)); // 1, 4, 7, 10, 13
        Assert.Equal("format_options.anchor_pool: anchors-numeric needs anchors numbered up to 13 for length 14, but the pool has only 10 (raise format_options.anchor_pool to at least 13)", error.Message);
    }

    [Fact]
    public void Generate_checks_the_pool_against_the_longest_length()
    {
        var error = Fails(() => DatasetWriter.Generate(Request(options: new FormatOptions { AnchorPool = 8 }, max: 9)));
        Assert.Contains("anchor_pool", error.Message);
    }

    [Theory]
    [InlineData("parity", "anchors")]
    [InlineData("parity", "scratchpad")]
    [InlineData("addition", "plain")]
    public void A_spacing_below_one_is_refused(string task, string format)
    {
        var error = Fails(() => FormatRegistry.Create(TaskRegistry.Create(task), format, new FormatOptions { Spacing = 0 }));
        Assert.Contains("spacing", error.Message);
    }

    [Theory]
    [InlineData("anchors")]
    [InlineData("anchors-nonaligned")]
    public void Addition_anchors_refuse_a_spacing(string format)
    {
        var error = Fails(() => FormatRegistry.Create(new AdditionTask(), format, new FormatOptions { Spacing = 2 }));
        Assert.Contains("spacing", error.Message);
    }

    [Fact]
    public void A_cycle_or_pool_below_one_is_refused()
    {
        Assert.Contains("cycle", Fails(() => DatasetWriter.Generate(Request(format: "anchors-cyclic", options: new FormatOptions { Cycle = 0 }))).Message);
        Assert.Contains("anchor_pool", Fails(() => DatasetWriter.Generate(Request(options: new FormatOptions { AnchorPool = 0 }))).Message);
    }

    [Fact]
    public void Lengths_out_of_order_are_refused()
    {
        var error = Fails(() => DatasetWriter.Generate(Request(min: 6, max: 5)));
        Assert.Contains("max_length", error.Message);
        Assert.Contains("min_length", error.Message);
    }

    [Fact]
    public void A_length_below_the_task_minimum_is_refused() =>
        Assert.Contains("min_length", Fails(() => DatasetWriter.Generate(Request(min: 0))).Message);

    [Fact]
    public void A_count_below_one_is_refused() =>
        Assert.Contains("count", Fails(() => DatasetWriter.Generate(Request(count: 0))).Message);

    [Theory]
    [InlineData("parity", "plain")]
    [InlineData("addition", "scratchpad")]
    [InlineData("addition", "anchors-numeric")]
    [InlineData("copy", "interleaved")]
    [InlineData("reverse", "direct")]
    public void An_unknown_format_for_a_task_names_the_task_and_the_allowed_formats(string task, string format)
    {
        var t = TaskRegistry.Create(task);
        var error = Fails(() => FormatRegistry.Create(t, format, new FormatOptions()));
        Assert.Contains($"'{format}'", error.Message);
        Assert.Contains(task, error.Message);
        Assert.Contains(FormatRegistry.NamesFor(t)[0], error.Message);
    }

    [Fact]
    public void An_unknown_task_names_the_allowed_tasks()
    {
        var error = Fails(() => DatasetWriter.Generate(Request(task: "sorting")));
        Assert.Contains("sorting", error.Message);
        Assert.Contains("addition", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aba")]
    [InlineData("a b")]
    public void A_bad_alphabet_is_refused(string alphabet) =>
        Assert.Contains("alphabet", Fails(() => new CopyTask(alphabet)).Message);

    [Theory]
    [InlineData("a#", "anchors-constant", "#")]
    [InlineData("0a", "anchors-numeric", "a")]
    public void An_alphabet_that_clashes_with_the_format_tokens_is_refused(string alphabet, string format, string token)
    {
        var error = Fails(() => FormatRegistry.Create(new CopyTask(alphabet), format, new FormatOptions()));
        Assert.Contains($"'{token}'", error.Message);
        Assert.Contains(format, error.Message);
    }
}
