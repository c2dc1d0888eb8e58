using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>The answer alone: <c>&gt;&gt;&gt; b1 … bn === p_n</c>. The model must run the whole loop
/// internally, without writing any intermediate state.</summary>
public sealed class DirectFormat(ParityTask task) : ITaskFormat, INeededPositions
{
    public const string FormatName = "direct";
    public string Name => FormatName;
    public IReadOnlyList<string> Tokens { get; } = [FormatTokens.PromptStart, FormatTokens.PromptEnd, .. task.Alphabet];

    public void CheckLength(int length) { }

    public FormattedExample Render(ProblemInstance instance, Random rng)
    {
        var seq = task.Align(instance);
        return new FormattedExample(FormatTokens.Prompt(seq.Inputs), [seq.Outputs[^1]], [false]);
    }

    /// <summary>The single answer p_n needs every input bit; it belongs to the last step.</summary>
    public NeededPositions Needs(ProblemInstance instance, FormattedExample example)
    {
        var (bits, anchors) = SequenceNeeds.Locate(example.Prompt, 0, task.Alphabet.Contains);
        var steps = SequenceNeeds.PromptSteps(example, bits, anchors);
        steps[^1] = bits.Length;
        return new NeededPositions(steps, [bits]);
    }
}
