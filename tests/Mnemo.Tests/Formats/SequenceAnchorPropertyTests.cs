using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

/// <summary>Every format of parity, copy and reverse over many seeds, lengths, spacings and forcing:
/// the target decodes to the task's answer, and the anchors obey their variant's rule.</summary>
public class SequenceAnchorPropertyTests
{
    private const int Pool = 90;
    private const int Cycle = 5;

    public static TheoryData<string, string, int, bool> Variants()
    {
        var data = new TheoryData<string, string, int, bool>();
        foreach (var taskName in new[] { "parity", "copy", "reverse" })
            foreach (var format in FormatRegistry.NamesFor(TaskRegistry.Create(taskName)))
                foreach (var spacing in new[] { 1, 2, 3 })
                    foreach (var forced in new[] { false, true })
                        data.Add(taskName, format, spacing, forced);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Targets_decode_and_anchors_obey_the_variant(string taskName, string formatName, int spacing, bool forced)
    {
        var task = (ISequenceTask)TaskRegistry.Create(taskName);
        var format = FormatRegistry.Create(task, formatName, new FormatOptions { Spacing = spacing, Forced = forced, AnchorPool = Pool, Cycle = Cycle });
        var cyclicSeen = new List<string>();
        for (int seed = 0; seed < 10; seed++)
        {
            var rng = new Random(seed);
            for (int n = 1; n <= 40; n++)
            {
                var instance = task.Sample(rng, n);
                Assert.Equal(n, instance.Operands[0].Length);
                var e = format.Render(instance, rng);
                var seq = task.Align(instance);
                var spelled = formatName == "anchors-numeric" ? task.Alphabet.Select(NumericSpelling).ToList() : task.Alphabet.ToList();
                bool IsItem(string t) => spelled.Contains(t);

                if (formatName == "direct")
                {
                    Assert.Equal(FormatTokens.Prompt(seq.Inputs), e.Prompt);
                    Assert.Equal([seq.Outputs[^1]], e.Target);
                    continue;
                }
                if (formatName == "interleaved")
                {
                    Assert.Equal(FormatTokens.Prompt(seq.Inputs), e.Prompt);
                    Assert.Equal(seq.Outputs.SelectMany((y, j) => new[] { seq.Inputs[seq.Source[j]], y }), e.Target);
                    Assert.Equal(e.Target.Select((_, i) => forced && i % 2 == 0), e.Forced);
                    continue;
                }

                var (items, promptAnchors) = ReadItems(e.Prompt.Skip(1).SkipLast(1), IsItem);
                var (outputs, targetAnchors) = ReadItems(e.Target, IsItem);
                Assert.Equal(seq.Inputs.Select(Spelling(formatName)), items);
                Assert.Equal(seq.Outputs.Select(Spelling(formatName)), outputs);
                Assert.Equal(e.Target.Select(t => forced && !IsItem(t)), e.Forced);

                if (formatName == "scratchpad")
                {
                    Assert.All(promptAnchors.Concat(targetAnchors), a => Assert.Null(a));
                    continue;
                }
                // anchors stand before items 0, k, 2k, …; a target step has one iff the item it reads has one
                for (int i = 0; i < n; i++) Assert.Equal(i % spacing == 0, promptAnchors[i] is not null);
                for (int j = 0; j < n; j++) Assert.Equal(seq.Source[j] % spacing == 0, targetAnchors[j] is not null);
                var marked = Enumerable.Range(0, n).Where(i => i % spacing == 0).ToList();
                var inPrompt = marked.Select(i => promptAnchors[i]!).ToList();
                var inTarget = Enumerable.Range(0, n).Where(j => targetAnchors[j] is not null).ToList();

                switch (formatName)
                {
                    case "anchors":
                        Assert.Equal(inPrompt.Count, inPrompt.Distinct().Count());
                        foreach (var j in inTarget) Assert.Equal(promptAnchors[seq.Source[j]], targetAnchors[j]);
                        Assert.All(inPrompt, a => Assert.Matches("^M[0-9]+$", a));
                        break;
                    case "anchors-nonaligned":
                        var targetSet = inTarget.Select(j => targetAnchors[j]!).ToList();
                        Assert.Equal(inPrompt.Count + targetSet.Count, inPrompt.Concat(targetSet).Distinct().Count());
                        Assert.All(inPrompt.Concat(targetSet), a => Assert.Matches("^M[0-9]+$", a));
                        break;
                    case "anchors-numeric":
                        Assert.Equal(marked.Select(i => (i + 1).ToString()), inPrompt);
                        foreach (var j in inTarget) Assert.Equal((seq.Source[j] + 1).ToString(), targetAnchors[j]);
                        break;
                    case "anchors-constant":
                        Assert.All(inPrompt.Concat(inTarget.Select(j => targetAnchors[j]!)), a => Assert.Equal("#", a));
                        break;
                    case "anchors-cyclic":
                        Assert.Equal(marked.Select((_, slot) => $"M{slot % Cycle}"), inPrompt);
                        foreach (var j in inTarget) Assert.Equal(promptAnchors[seq.Source[j]], targetAnchors[j]);
                        if (n == 40) cyclicSeen.Add(string.Join(' ', inPrompt));
                        break;
                    default:
                        Assert.Fail($"no rule for {formatName}");
                        break;
                }
            }
        }
        // the cycle is the same in every example
        Assert.True(cyclicSeen.Distinct().Count() <= 1);
    }

    [Fact]
    public void Random_anchors_are_drawn_afresh_for_every_example()
    {
        var format = FormatRegistry.Create(new ParityTask(), "anchors", new FormatOptions());
        var rng = new Random(5);
        var prompts = Enumerable.Range(0, 50).Select(_ => format.Render(new ProblemInstance("parity", 8, ["00000000"]), rng).PromptText).ToList();
        Assert.Equal(50, prompts.Distinct().Count());
    }

    private static string NumericSpelling(string item) =>
        item.Length == 1 && char.IsAsciiDigit(item[0]) ? ((char)('a' + item[0] - '0')).ToString() : item;

    private static Func<string, string> Spelling(string format) => format == "anchors-numeric" ? NumericSpelling : s => s;

    /// <summary>The items of a token run, and for each item the anchor just before it (null: none).</summary>
    private static (List<string> Items, List<string?> Anchors) ReadItems(IEnumerable<string> tokens, Func<string, bool> isItem)
    {
        var items = new List<string>();
        var anchors = new List<string?>();
        string? pending = null;
        foreach (var t in tokens)
        {
            if (isItem(t))
            {
                items.Add(t);
                anchors.Add(pending);
                pending = null;
            }
            else
            {
                Assert.Null(pending);
                pending = t;
            }
        }
        Assert.Null(pending);
        return (items, anchors);
    }
}
