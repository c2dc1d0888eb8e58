using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>The plain scratchpad: <c>&gt;&gt;&gt; x1 … xn === y1 … yn</c>. To write y_i the model must find
/// input item number i by its index: the addressing the paper shows does not generalize.</summary>
public sealed class ScratchpadFormat(ISequenceTask task) : ITaskFormat, INeededPositions
{
    public const string FormatName = "scratchpad";
    public string Name => FormatName;
    public IReadOnlyList<string> Tokens { get; } = [FormatTokens.PromptStart, FormatTokens.PromptEnd, .. task.Alphabet];

    public void CheckLength(int length) { }

    public FormattedExample Render(ProblemInstance instance, Random rng)
    {
        var seq = task.Align(instance);
        return new FormattedExample(FormatTokens.Prompt(seq.Inputs), seq.Outputs.ToArray(), new bool[seq.Outputs.Count]);
    }

    /// <summary>y_j needs the input item it reads (which the model can only find by its index) and, for
    /// parity, the previous parity.</summary>
    public NeededPositions Needs(ProblemInstance instance, FormattedExample example) =>
        SequenceNeeds.OneOutputPerItem(task, instance, example, task.Alphabet.Contains, anchorsRepeatPrompt: false);
}
