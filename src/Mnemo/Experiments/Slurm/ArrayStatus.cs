namespace Mnemo.Experiments.Slurm;

/// <summary>The Slurm states of a job array's tasks (task index → state name), or why none could be
/// read (<see cref="Unavailable"/>: no Slurm tools here, job forgotten, controller down).</summary>
public sealed record ArrayStatus(IReadOnlyDictionary<int, string> Tasks, string? Unavailable = null)
{
    public TaskPhase? PhaseOf(int task) => Tasks.TryGetValue(task, out var state) ? TaskPhases.Of(state) : null;

    public int Count(TaskPhase phase) => Tasks.Values.Count(state => TaskPhases.Of(state) == phase);

    /// <summary>Every task Slurm knows of has ended, well or badly.</summary>
    public bool IsFinished => Tasks.Count > 0 && Tasks.Values.All(state => TaskPhases.Of(state).IsFinished());
}
