using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>One line of an exported dataset. <see cref="Forced"/> holds the 0-based indices of the
/// target tokens the environment supplies (empty when nothing is forced).</summary>
public sealed record DatasetRecord(string Task, string Format, int Length, IReadOnlyList<string> Operands, string Prompt, string Target, IReadOnlyList<int> Forced)
{
    public static DatasetRecord From(ProblemInstance instance, string format, FormattedExample example) =>
        new(instance.Task, format, instance.Length, instance.Operands, example.PromptText, example.TargetText,
            Enumerable.Range(0, example.Forced.Count).Where(i => example.Forced[i]).ToArray());
}
