namespace Mnemo.Experiments.Slurm;

/// <summary>Where an array task stands, for a sweep's status: Slurm's many job states in four.</summary>
public enum TaskPhase { Pending, Running, Completed, Failed }

public static class TaskPhases
{
    /// <summary>The phase of a Slurm state name as squeue and sacct print it (e.g. "CANCELLED by 0").</summary>
    public static TaskPhase Of(string state) => state.Split(' ')[0].ToUpperInvariant() switch
    {
        "PENDING" or "REQUEUED" or "REQUEUE_FED" or "REQUEUE_HOLD" or "CONFIGURING" or "RESV_DEL_HOLD" => TaskPhase.Pending,
        "RUNNING" or "COMPLETING" or "SUSPENDED" or "STOPPED" or "SIGNALING" or "STAGE_OUT" or "RESIZING" => TaskPhase.Running,
        "COMPLETED" => TaskPhase.Completed,
        // FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, BOOT_FAIL, DEADLINE, PREEMPTED, ...
        _ => TaskPhase.Failed,
    };

    public static bool IsFinished(this TaskPhase phase) => phase is TaskPhase.Completed or TaskPhase.Failed;
}
