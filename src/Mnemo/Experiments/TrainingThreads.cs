using Mnemo.Checkpoints;
using Mnemo.Runtime;

namespace Mnemo.Experiments;

/// <summary>The one thread policy of training processes. libtorch's intra-op threads per trial are, in
/// order: <c>training.threads</c> when the config fixes them; <c>MNEMO_THREADS</c> when the environment
/// sets it (a parallel sweep tells its trial processes their share this way, and a user can too); for a
/// single run resumed from a checkpoint, the count that checkpoint was trained with (results are bitwise
/// reproducible only at the same count); else <see cref="ThreadPolicy.Choose(int, int)"/>: the cores this process may
/// use (less the other processes' load only with <c>MNEMO_THREADS=auto</c>).</summary>
public static class TrainingThreads
{
    /// <summary>For a process that runs trials of <paramref name="experiment"/> one at a time, before the first one.</summary>
    public static ThreadLayout ForSweep(ExperimentConfig experiment)
    {
        var layout = ThreadPolicy.Choose(experiment.Training.Threads, 1);
        TorchRuntime.SetThreads(layout.Threads);
        return layout;
    }

    /// <summary>For a process that trains the one run <paramref name="trial"/> in <paramref name="folder"/>.</summary>
    public static ThreadLayout ForRun(RunConfig trial, RunFolder folder)
    {
        int saved = trial.Training.Threads == 0 && ThreadPolicy.ParseVariable(Environment.GetEnvironmentVariable(ThreadPolicy.Variable)) is null && File.Exists(folder.Checkpoint)
            ? TrainingCheckpoint.Peek(folder.Checkpoint).Threads
            : 0; // 0 also for a checkpoint written before the count was recorded
        var layout = saved > 0 ? new ThreadLayout(Environment.ProcessorCount, 0, 1, saved, "checkpoint") : ThreadPolicy.Choose(trial.Training.Threads, 1);
        TorchRuntime.SetThreads(layout.Threads);
        return layout;
    }
}
