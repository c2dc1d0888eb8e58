namespace Mnemo.Tasks;

/// <summary>Task names as they appear in configs and on the command line.</summary>
public static class TaskRegistry
{
    private static readonly Dictionary<string, Func<TaskOptions, IAlgorithmicTask>> Factories = new()
    {
        [ParityTask.TaskName] = _ => new ParityTask(),
        [AdditionTask.TaskName] = o => new AdditionTask(o.OperandDigits),
        [CopyTask.TaskName] = _ => new CopyTask(),
        [ReverseTask.TaskName] = _ => new ReverseTask(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>The task's name as errors call it (a front end may show its own flag).</summary>
    public static readonly InputName Input = new("task");

    /// <summary>The task of this name drawing its instances as <paramref name="options"/> say (default: the defaults).</summary>
    public static IAlgorithmicTask Create(string name, TaskOptions? options = null)
    {
        if (!Factories.TryGetValue(name, out var make))
            throw new MnemoException(Input, $"unknown task '{name}'{Spelling.Suggest(name, Names)} (allowed: {string.Join(", ", Names)})");
        options ??= new TaskOptions();
        options.Validate(name);
        return make(options);
    }
}
