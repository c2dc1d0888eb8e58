using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>The interleaved scratchpad: <c>&gt;&gt;&gt; b1 … bn === b1 p1 b2 p2 … bn pn</c>. Each step first
/// repeats the input item it reads, so when the model writes p_i the bit b_i is the last token and
/// p_{i-1} the one before: no input item has to be found by its index (the paper's first remedy).
/// With <c>forced</c> the environment supplies the repeated items (the paper's reading); without it
/// the model must copy them from the prompt, which needs index-based access again.</summary>
public sealed class InterleavedFormat(ISequenceTask task, FormatOptions options) : ITaskFormat
{
    public const string FormatName = "interleaved";
    public string Name => FormatName;
    public IReadOnlyList<string> Tokens { get; } = [FormatTokens.PromptStart, FormatTokens.PromptEnd, .. task.Alphabet];

    public void CheckLength(int length) { }

    public FormattedExample Render(ProblemInstance instance, Random rng)
    {
        var seq = task.Align(instance);
        var target = new List<string>();
        var forced = new List<bool>();
        for (int j = 0; j < seq.Outputs.Count; j++)
        {
            target.Add(seq.Inputs[seq.Source[j]]);
            forced.Add(options.Forced);
            target.Add(seq.Outputs[j]);
            forced.Add(false);
        }
        return new FormattedExample(FormatTokens.Prompt(seq.Inputs), target, forced);
    }
}
