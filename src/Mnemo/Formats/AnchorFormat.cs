using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Anchors ("mnemonics") on the standard scratchpad: every k-th input item is preceded by an
/// anchor, and the target repeats an anchor before each output item whose input item had one:
/// <c>&gt;&gt;&gt; M17 1 M4 0 M92 1 === M17 1 M4 1 M92 0</c>. The model can then find the input item by
/// content (the token after the anchor) instead of by index.</summary>
public sealed class AnchorFormat : ITaskFormat, INeededPositions
{
    private readonly ISequenceTask _task;
    private readonly AnchorStyle _style;
    private readonly FormatOptions _options;

    public AnchorFormat(ISequenceTask task, AnchorStyle style, FormatOptions options)
    {
        options.Validate();
        _task = task;
        _style = style;
        _options = options;
        Name = NameOf(style);
        IEnumerable<string> anchors = style switch
        {
            AnchorStyle.Constant => [FormatTokens.ConstantAnchor],
            AnchorStyle.Numeric => Enumerable.Range(1, options.AnchorPool).Select(i => i.ToString()),
            AnchorStyle.Cyclic => Enumerable.Range(0, options.Cycle).Select(FormatTokens.Anchor),
            _ => Enumerable.Range(0, options.AnchorPool).Select(FormatTokens.Anchor),
        };
        Tokens = FormatTokens.Distinct(Name, [FormatTokens.PromptStart, FormatTokens.PromptEnd, .. task.Alphabet.Select(Spell), .. anchors]);
    }

    public static string NameOf(AnchorStyle style) => style switch
    {
        AnchorStyle.Random => "anchors",
        AnchorStyle.Numeric => "anchors-numeric",
        AnchorStyle.Constant => "anchors-constant",
        AnchorStyle.NonAligned => "anchors-nonaligned",
        AnchorStyle.Cyclic => "anchors-cyclic",
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    public string Name { get; }
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of anchors an instance of this length carries in its prompt.</summary>
    public int AnchorCount(int length) => (length + _options.Spacing - 1) / _options.Spacing;

    public void CheckLength(int length)
    {
        int needed = _style switch
        {
            AnchorStyle.Random => AnchorCount(length),
            AnchorStyle.NonAligned => 2 * AnchorCount(length),
            // the items' 1-based indices, every spacing-th one: the pool bounds the largest
            AnchorStyle.Numeric => 1 + (AnchorCount(length) - 1) * _options.Spacing,
            _ => 0,
        };
        AnchorSampler.CheckPool(Name, needed, _options.AnchorPool, length, numbered: _style == AnchorStyle.Numeric);
    }

    public FormattedExample Render(ProblemInstance instance, Random rng)
    {
        CheckLength(instance.Length);
        var seq = _task.Align(instance);
        int n = seq.Inputs.Count;
        var (promptAnchors, targetAnchors) = ChooseAnchors(n, rng);

        var body = new List<string>();
        for (int i = 0; i < n; i++)
        {
            if (promptAnchors[i] is { } a) body.Add(a);
            body.Add(Spell(seq.Inputs[i]));
        }
        var prompt = FormatTokens.Prompt(body);

        var target = new List<string>();
        var forced = new List<bool>();
        for (int j = 0; j < seq.Outputs.Count; j++)
        {
            if (targetAnchors[seq.Source[j]] is { } a)
            {
                target.Add(a);
                forced.Add(_options.Forced);
            }
            target.Add(Spell(seq.Outputs[j]));
            forced.Add(false);
        }
        return new FormattedExample(prompt, target, forced);
    }

    /// <summary>Output j needs the input item it reads and that item's anchor (the content the model can
    /// find it by), and for parity the previous parity; a target anchor needs the prompt anchor it
    /// repeats (none for non-aligned anchors: the model cannot know a fresh draw).</summary>
    public NeededPositions Needs(ProblemInstance instance, FormattedExample example)
    {
        var items = _task.Alphabet.Select(Spell).ToHashSet();
        return SequenceNeeds.OneOutputPerItem(_task, instance, example, items.Contains, anchorsRepeatPrompt: _style != AnchorStyle.NonAligned);
    }

    /// <summary>The anchor before each input item in the prompt and in the target (null: none there).</summary>
    private (string?[] Prompt, string?[] Target) ChooseAnchors(int n, Random rng)
    {
        var prompt = new string?[n];
        var target = new string?[n];
        int count = AnchorCount(n);
        int[] sample = _style switch
        {
            AnchorStyle.Random => AnchorSampler.Distinct(rng, _options.AnchorPool, count),
            AnchorStyle.NonAligned => AnchorSampler.Distinct(rng, _options.AnchorPool, 2 * count),
            _ => [],
        };
        for (int i = 0, slot = 0; i < n; i += _options.Spacing, slot++)
        {
            (prompt[i], target[i]) = _style switch
            {
                AnchorStyle.Random => (FormatTokens.Anchor(sample[slot]), FormatTokens.Anchor(sample[slot])),
                AnchorStyle.NonAligned => (FormatTokens.Anchor(sample[slot]), FormatTokens.Anchor(sample[count + slot])),
                AnchorStyle.Numeric => ((i + 1).ToString(), (i + 1).ToString()),
                AnchorStyle.Constant => (FormatTokens.ConstantAnchor, FormatTokens.ConstantAnchor),
                AnchorStyle.Cyclic => (FormatTokens.Anchor(slot % _options.Cycle), FormatTokens.Anchor(slot % _options.Cycle)),
                _ => throw new ArgumentOutOfRangeException(nameof(_style)),
            };
        }
        return (prompt, target);
    }

    /// <summary>Numeric anchors are digits, so items that are digits are spelled as letters (0→a, 1→b, …).</summary>
    private string Spell(string item) =>
        _style == AnchorStyle.Numeric && item.Length == 1 && char.IsAsciiDigit(item[0]) ? ((char)('a' + item[0] - '0')).ToString() : item;
}
