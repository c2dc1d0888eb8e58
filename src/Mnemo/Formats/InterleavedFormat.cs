using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>The interleaved scratchpad: <c>&gt;&gt;&gt; b1 … bn === b1 p1 b2 p2 … bn pn</c>. Each step first
/// repeats the input item it reads, so when the model writes p_i the bit b_i is the last token and
/// p_{i-1} the one before: no input item has to be found by its index (the paper's first remedy).
/// With <c>forced</c> the environment supplies the repeated items (the paper's reading); without it
/// the model must copy them from the prompt, which needs index-based access again.</summary>
public sealed class InterleavedFormat(ISequenceTask task, FormatOptions options) : ITaskFormat, INeededPositions
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

    /// <summary>The repeated item of step j needs the prompt item it copies; the output of step j needs
    /// the repeated item just before it and, for parity, the previous parity (two tokens back).</summary>
    public NeededPositions Needs(ProblemInstance instance, FormattedExample example)
    {
        int p = example.Prompt.Count;
        var source = task.Align(instance).Source;
        var (items, anchors) = SequenceNeeds.Locate(example.Prompt, 0, task.Alphabet.Contains);
        var steps = SequenceNeeds.PromptSteps(example, items, anchors);
        var needed = SequenceNeeds.EmptyNeeds(example);
        for (int j = 0; j < source.Count; j++)
        {
            int copy = p + 2 * j, output = copy + 1;
            steps[copy] = steps[output] = source[j] + 1;
            needed[2 * j] = [items[source[j]]];
            needed[2 * j + 1] = SequenceNeeds.CarriesState(task) && j > 0 ? [copy, output - 2] : [copy];
        }
        return new NeededPositions(steps, needed);
    }
}
