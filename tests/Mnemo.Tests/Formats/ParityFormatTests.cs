using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

public class ParityFormatTests
{
    private static readonly ParityTask Parity = new();
    private static ProblemInstance Bits(string bits) => new("parity", bits.Length, [bits]);

    [Fact]
    public void Scratchpad_writes_bits_then_running_parity()
    {
        var example = new ScratchpadFormat(Parity).Render(Bits("101"), new Random(0));
        Assert.Equal(">>> 1 0 1 ===", example.PromptText);
        Assert.Equal("1 1 0", example.TargetText);
        Assert.All(example.Forced, f => Assert.False(f));
    }

    [Fact]
    public void Anchors_reproduce_the_papers_example()
    {
        // partial Fisher–Yates over M0..M199 picks 17, then 4, then 92
        var format = new AnchorFormat(Parity, AnchorStyle.Random, new FormatOptions());
        var example = format.Render(Bits("101"), new ScriptedRandom(17, 4, 92));
        Assert.Equal(">>> M17 1 M4 0 M92 1 === M17 1 M4 1 M92 0", example.ToString());
    }

    [Fact]
    public void Anchors_on_a_fixed_seed_are_stable()
    {
        var format = new AnchorFormat(Parity, AnchorStyle.Random, new FormatOptions { AnchorPool = 64 });
        var rng = new Random(7);
        var example = format.Render(Parity.Sample(rng, 5), rng);
        Assert.Equal(">>> M43 0 M3 1 M61 1 M54 0 M55 0 === M43 0 M3 1 M61 0 M54 0 M55 0", example.ToString());
    }

    [Fact]
    public void Scratchpad_on_a_fixed_seed_is_stable()
    {
        var rng = new Random(7);
        var example = new ScratchpadFormat(Parity).Render(Parity.Sample(rng, 8), rng);
        Assert.Equal(">>> 0 1 1 0 0 1 0 1 === 0 1 0 0 0 1 1 0", example.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Anchors_are_distinct_aligned_and_decode_to_the_parity(int seed)
    {
        var format = new AnchorFormat(Parity, AnchorStyle.Random, new FormatOptions { AnchorPool = 40 });
        var rng = new Random(seed);
        for (int n = 1; n <= 40; n++)
        {
            var instance = Parity.Sample(rng, n);
            var e = format.Render(instance, rng);
            var promptAnchors = e.Prompt.Skip(1).Where((_, i) => i % 2 == 0).Take(n).ToList();
            var targetAnchors = e.Target.Where((_, i) => i % 2 == 0).ToList();
            var parities = string.Concat(e.Target.Where((_, i) => i % 2 == 1));
            Assert.Equal(n, promptAnchors.Distinct().Count());
            Assert.Equal(promptAnchors, targetAnchors);
            Assert.Equal(ParityTask.RunningParity(instance.Operands[0]), parities);
        }
    }

    [Fact]
    public void Forced_marks_exactly_the_target_anchors()
    {
        var format = new AnchorFormat(Parity, AnchorStyle.Random, new FormatOptions { Forced = true });
        var e = format.Render(Bits("0110"), new Random(1));
        Assert.Equal([true, false, true, false, true, false, true, false], e.Forced);
    }

    [Fact]
    public void A_pool_smaller_than_the_length_is_a_clear_error()
    {
        var format = FormatRegistry.Create(Parity, "anchors", new FormatOptions { AnchorPool = 10 });
        var error = Assert.Throws<MnemoException>(() => format.CheckLength(11));
        Assert.Contains("anchor_pool", error.Message);
        Assert.Contains("11", error.Message);
    }

    [Fact]
    public void An_unknown_format_names_the_allowed_ones()
    {
        var error = Assert.Throws<MnemoException>(() => FormatRegistry.Create(Parity, "anchorz", new FormatOptions()));
        Assert.Contains("anchorz", error.Message);
        Assert.Contains("scratchpad", error.Message);
    }

    [Fact]
    public void Direct_writes_the_final_parity_only()
    {
        var example = Create("direct").Render(Bits("101"), new Random(0));
        Assert.Equal(">>> 1 0 1 === 0", example.ToString());
        Assert.Equal([false], example.Forced);
    }

    [Fact]
    public void Interleaved_repeats_each_bit_before_its_parity()
    {
        var example = Create("interleaved").Render(Bits("101"), new Random(0));
        Assert.Equal(">>> 1 0 1 === 1 1 0 1 1 0", example.ToString());
        Assert.All(example.Forced, f => Assert.False(f));
    }

    [Fact]
    public void Interleaved_forced_has_the_environment_supply_the_bits()
    {
        var example = Create("interleaved", new FormatOptions { Forced = true }).Render(Bits("101"), new Random(0));
        Assert.Equal(">>> 1 0 1 === 1 1 0 1 1 0", example.ToString());
        Assert.Equal([true, false, true, false, true, false], example.Forced);
    }

    [Fact]
    public void The_papers_anchor_example_comes_out_of_the_registry_too()
    {
        var example = Create("anchors").Render(Bits("101"), new ScriptedRandom(17, 4, 92));
        Assert.Equal(">>> M17 1 M4 0 M92 1 === M17 1 M4 1 M92 0", example.ToString());
    }

    [Fact]
    public void Numeric_anchors_are_indices_and_bits_are_letters()
    {
        var example = Create("anchors-numeric").Render(Bits("101"), new Random(0));
        Assert.Equal(">>> 1 b 2 a 3 b === 1 b 2 b 3 a", example.ToString());
    }

    [Fact]
    public void Constant_anchors_are_all_hash()
    {
        var example = Create("anchors-constant").Render(Bits("101"), new Random(0));
        Assert.Equal(">>> # 1 # 0 # 1 === # 1 # 1 # 0", example.ToString());
    }

    [Fact]
    public void Cyclic_anchors_wrap_around_the_cycle()
    {
        var example = Create("anchors-cyclic", new FormatOptions { Cycle = 2 }).Render(Bits("101"), new Random(0));
        Assert.Equal(">>> M0 1 M1 0 M0 1 === M0 1 M1 1 M0 0", example.ToString());
    }

    [Fact]
    public void Nonaligned_target_anchors_are_a_second_draw()
    {
        // draws 4-6 continue the same Fisher–Yates pass: positions 5, 6, 7 still hold M5, M6, M7
        var example = Create("anchors-nonaligned").Render(Bits("101"), new ScriptedRandom(17, 4, 92, 5, 6, 7));
        Assert.Equal(">>> M17 1 M4 0 M92 1 === M5 1 M6 1 M7 0", example.ToString());
    }

    [Fact]
    public void Spacing_puts_anchors_before_bits_1_1_plus_k_1_plus_2k()
    {
        var example = Create("anchors", new FormatOptions { Spacing = 2 }).Render(Bits("10110"), new ScriptedRandom(17, 4, 92));
        Assert.Equal(">>> M17 1 0 M4 1 1 M92 0 === M17 1 1 M4 0 1 M92 1", example.ToString());
    }

    [Fact]
    public void Numeric_anchors_with_spacing_keep_the_index_of_the_marked_bit()
    {
        var example = Create("anchors-numeric", new FormatOptions { Spacing = 2 }).Render(Bits("10110"), new Random(0));
        Assert.Equal(">>> 1 b a 3 b b 5 a === 1 b b 3 a b 5 b", example.ToString());
    }

    [Fact]
    public void Parity_lists_every_format_of_the_paper()
    {
        Assert.Equal(["direct", "scratchpad", "interleaved", "anchors", "anchors-numeric", "anchors-constant", "anchors-nonaligned", "anchors-cyclic"],
            FormatRegistry.NamesFor(Parity));
    }

    private static ITaskFormat Create(string format, FormatOptions? options = null) =>
        FormatRegistry.Create(Parity, format, options ?? new FormatOptions());
}
