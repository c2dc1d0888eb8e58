namespace Mnemo.Tasks;

/// <summary>Task names as they appear in configs and on the command line.</summary>
public static class TaskRegistry
{
    private static readonly Dictionary<string, Func<IAlgorithmicTask>> Factories = new()
    {
        [ParityTask.TaskName] = () => new ParityTask(),
        [AdditionTask.TaskName] = () => new AdditionTask(),
        [CopyTask.TaskName] = () => new CopyTask(),
        [ReverseTask.TaskName] = () => new ReverseTask(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static IAlgorithmicTask Create(string name) =>
        Factories.TryGetValue(name, out var make)
            ? make()
            : throw new MnemoException($"task: unknown task '{name}' (allowed: {string.Join(", ", Names)})");
}
