using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Format names as they appear in configs and on the command line, per task.</summary>
public static class FormatRegistry
{
    /// <summary>The format's name as errors call it (a front end may show its own flag).</summary>
    public static readonly InputName Input = new("format");

    public static IReadOnlyList<string> NamesFor(IAlgorithmicTask task) => FormatsOf(task).Select(f => f.Name).ToArray();

    public static ITaskFormat Create(IAlgorithmicTask task, string name, FormatOptions options)
    {
        options.Validate();
        foreach (var (formatName, make) in FormatsOf(task))
            if (formatName == name) return make(options);
        throw new MnemoException(Input, $"unknown format '{name}' for task {task.Name}{Spelling.Suggest(name, NamesFor(task))} (allowed: {string.Join(", ", NamesFor(task))})");
    }

    /// <summary>The formats of a task, in the order they are listed (and documented).</summary>
    private static IEnumerable<(string Name, Func<FormatOptions, ITaskFormat> Make)> FormatsOf(IAlgorithmicTask task)
    {
        // direct and interleaved are the paper's parity formats; on copy/reverse they would be trivial.
        if (task is ParityTask parity) yield return (DirectFormat.FormatName, _ => new DirectFormat(parity));
        if (task is ISequenceTask sequence)
        {
            yield return (ScratchpadFormat.FormatName, _ => new ScratchpadFormat(sequence));
            if (task is ParityTask) yield return (InterleavedFormat.FormatName, o => new InterleavedFormat(sequence, o));
            foreach (var style in Enum.GetValues<AnchorStyle>())
                yield return (AnchorFormat.NameOf(style), o => new AnchorFormat(sequence, style, o));
        }
        if (task is AdditionTask)
            foreach (var style in Enum.GetValues<AdditionStyle>())
                yield return (AdditionFormat.NameOf(style), o => new AdditionFormat(style, o));
    }
}
