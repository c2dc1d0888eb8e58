using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Needed positions of the sequence-task formats, found by walking the tokens: items are the
/// alphabet symbols as the format spells them, and a non-item token right before an item is its
/// anchor. Walking the written tokens (rather than re-deriving the layout) keeps the declaration
/// true to what the model sees, whatever the anchor spacing.</summary>
internal static class SequenceNeeds
{
    /// <summary>Where the items of a token list stand, and the anchor before each (-1: none);
    /// positions are shifted by <paramref name="offset"/> (the prompt length for target tokens).</summary>
    public static (int[] Items, int[] Anchors) Locate(IReadOnlyList<string> tokens, int offset, Func<string, bool> isItem)
    {
        var items = new List<int>();
        var anchors = new List<int>();
        for (int k = 0; k < tokens.Count; k++)
        {
            if (!isItem(tokens[k])) continue;
            bool anchored = k > 0 && !isItem(tokens[k - 1]) && tokens[k - 1] is not (FormatTokens.PromptStart or FormatTokens.PromptEnd);
            items.Add(offset + k);
            anchors.Add(anchored ? offset + k - 1 : -1);
        }
        return (items.ToArray(), anchors.ToArray());
    }

    /// <summary>Parity is a running fold: each step also needs the state written at the step before.
    /// Copy and reverse read their input item alone.</summary>
    public static bool CarriesState(ISequenceTask task) => task is ParityTask;

    /// <summary>Steps of the prompt tokens: item i and its anchor belong to step i + 1.</summary>
    public static int[] PromptSteps(FormattedExample example, int[] items, int[] anchors)
    {
        var steps = new int[example.Prompt.Count + example.Target.Count];
        for (int i = 0; i < items.Length; i++)
        {
            steps[items[i]] = i + 1;
            if (anchors[i] >= 0) steps[anchors[i]] = i + 1;
        }
        return steps;
    }

    /// <summary>Scratchpad and anchor formats: target output j (with its optional anchor) reads input
    /// item <c>Source[j]</c>. Output j needs that item and its prompt anchor (the content the model
    /// can find it by), and for parity the previous output; a target anchor needs the prompt anchor
    /// it repeats, when <paramref name="anchorsRepeatPrompt"/> (not for non-aligned anchors, which
    /// are fresh draws the model cannot know).</summary>
    public static NeededPositions OneOutputPerItem(ISequenceTask task, ProblemInstance instance, FormattedExample example,
        Func<string, bool> isItem, bool anchorsRepeatPrompt)
    {
        int p = example.Prompt.Count;
        var source = task.Align(instance).Source;
        var (items, itemAnchors) = Locate(example.Prompt, 0, isItem);
        var (outputs, outputAnchors) = Locate(example.Target, p, isItem);
        var steps = PromptSteps(example, items, itemAnchors);
        var needed = EmptyNeeds(example);
        for (int j = 0; j < outputs.Length; j++)
        {
            int read = source[j];
            var output = new List<int> { items[read] };
            if (itemAnchors[read] >= 0) output.Add(itemAnchors[read]);
            if (CarriesState(task) && j > 0) output.Add(outputs[j - 1]);
            needed[outputs[j] - p] = output;
            steps[outputs[j]] = read + 1;
            if (outputAnchors[j] < 0) continue;
            steps[outputAnchors[j]] = read + 1;
            if (anchorsRepeatPrompt && itemAnchors[read] >= 0) needed[outputAnchors[j] - p] = [itemAnchors[read]];
        }
        return new NeededPositions(steps, needed);
    }

    public static IReadOnlyList<int>[] EmptyNeeds(FormattedExample example) =>
        Enumerable.Range(0, example.Target.Count).Select(_ => (IReadOnlyList<int>)[]).ToArray();
}
