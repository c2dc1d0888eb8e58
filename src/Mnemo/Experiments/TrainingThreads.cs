using Mnemo.Checkpoints;
using Mnemo.Runtime;

namespace Mnemo.Experiments;

/// <summary>The one thread policy of training processes: libtorch's intra-op threads are
/// <c>training.threads</c> when the config fixes them. Otherwise a sweep takes every core its process is
/// given (a parallel sweep gives each child process its share), and a single run (<c>mnemo train</c>)
/// resumed from a checkpoint takes the count that checkpoint was trained with, since results are bitwise
/// reproducible only at the same count; a new single run keeps libtorch's default.</summary>
public static class TrainingThreads
{
    /// <summary>For a process that runs trials of <paramref name="experiment"/>, before the first one.</summary>
    public static void ForSweep(ExperimentConfig experiment) =>
        TorchRuntime.SetThreads(experiment.Training.Threads > 0 ? experiment.Training.Threads : Environment.ProcessorCount);

    /// <summary>For a process that trains the one run <paramref name="trial"/> in <paramref name="folder"/>.</summary>
    public static void ForRun(RunConfig trial, RunFolder folder) =>
        TorchRuntime.SetThreads(trial.Training.Threads == 0 && File.Exists(folder.Checkpoint)
            ? TrainingCheckpoint.Peek(folder.Checkpoint).Threads
            : trial.Training.Threads);
}
