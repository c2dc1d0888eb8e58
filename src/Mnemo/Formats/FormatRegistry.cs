using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Format names as they appear in configs and on the command line, per task.</summary>
public static class FormatRegistry
{
    public static IReadOnlyList<string> NamesFor(IAlgorithmicTask task) => task switch
    {
        ISequenceTask => [ScratchpadFormat.FormatName, .. Enum.GetValues<AnchorStyle>().Select(AnchorFormat.NameOf)],
        _ => [],
    };

    public static ITaskFormat Create(IAlgorithmicTask task, string name, FormatOptions options)
    {
        options.Validate();
        if (task is ISequenceTask sequence)
        {
            if (name == ScratchpadFormat.FormatName) return new ScratchpadFormat(sequence);
            foreach (var style in Enum.GetValues<AnchorStyle>())
                if (name == AnchorFormat.NameOf(style)) return new AnchorFormat(sequence, style, options);
        }
        throw new MnemoException($"format: unknown format '{name}' for task {task.Name} (allowed: {string.Join(", ", NamesFor(task))})");
    }
}
