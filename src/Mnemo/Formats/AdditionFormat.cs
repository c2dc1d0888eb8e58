using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Addition as the paper writes it: <c>&gt;&gt;&gt; a + b ===</c>, then the sum with n+1 digits
/// reversed (units first, so each digit depends only on what is already written), <c>###</c>, and
/// the sum in normal order: <c>&gt;&gt;&gt; 1 2 + 9 === 1 2 0 ### 0 2 1</c>. The style decides the anchors
/// (<see cref="AdditionAnchors"/>); <c>zero_pad</c> left-pads the operands to n digits; <c>forced</c>
/// has the environment supply every anchor of the target.</summary>
public sealed class AdditionFormat : ITaskFormat, INeededPositions
{
    private readonly AdditionStyle _style;
    private readonly FormatOptions _options;

    public AdditionFormat(AdditionStyle style, FormatOptions options)
    {
        options.Validate();
        _style = style;
        _options = options;
        Name = NameOf(style);
        // One anchor per place value leaves no room for "every k-th": rather refuse than ignore it.
        if (style != AdditionStyle.Plain && options.Spacing != 1)
            throw new MnemoException(FormatOptions.Inputs.Spacing, $"{Name} for addition puts an anchor on every place value and takes no spacing (must be 1, got {options.Spacing})");
        IEnumerable<string> anchors = style == AdditionStyle.Plain ? [] : Enumerable.Range(0, options.AnchorPool).Select(FormatTokens.Anchor);
        Tokens = [FormatTokens.PromptStart, FormatTokens.PromptEnd, FormatTokens.Plus, FormatTokens.ResultSeparator, .. FormatTokens.Digits, .. anchors];
    }

    public static string NameOf(AdditionStyle style) => style switch
    {
        AdditionStyle.Plain => "plain",
        AdditionStyle.Aligned => "anchors",
        AdditionStyle.NonAligned => "anchors-nonaligned",
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    public string Name { get; }
    public IReadOnlyList<string> Tokens { get; }

    public void CheckLength(int length) =>
        AnchorSampler.CheckPool(Name, AdditionAnchors.Needed(_style, length), _options.AnchorPool, length);

    public FormattedExample Render(ProblemInstance instance, Random rng)
    {
        int n = AdditionTask.Places(instance);
        CheckLength(n);
        var operands = instance.Operands.Select(o => _options.ZeroPad ? o.PadLeft(n, '0') : o).ToArray();
        var sum = AdditionTask.Result(instance);
        var anchors = AdditionAnchors.Choose(_style, operands, n + 1, _options.AnchorPool, rng);

        var body = new List<string>();
        for (int o = 0; o < operands.Length; o++)
        {
            if (o > 0) body.Add(FormatTokens.Plus);
            for (int d = 0; d < operands[o].Length; d++)
            {
                if (anchors.Digits[o][d] is { } a) body.Add(a);
                body.Add(operands[o][d].ToString());
            }
            if (anchors.OperandEnd is { } end) body.Add(end);
        }

        var target = new List<string>();
        var forced = new List<bool>();
        void WritePlace(int p)
        {
            foreach (var a in anchors.Places[p])
            {
                target.Add(a);
                forced.Add(_options.Forced);
            }
            target.Add(sum[n - p].ToString());
            forced.Add(false);
        }
        for (int p = 0; p <= n; p++) WritePlace(p);
        target.Add(FormatTokens.ResultSeparator);
        forced.Add(false);
        for (int p = n; p >= 0; p--) WritePlace(p);
        return new FormattedExample(FormatTokens.Prompt(body), target, forced);
    }

    /// <summary>See <see cref="AdditionNeeds"/>: operand digits of the place and the place below, and the
    /// previous result digit.</summary>
    public NeededPositions Needs(ProblemInstance instance, FormattedExample example) => AdditionNeeds.Of(instance, example);
}
