using Mnemo.Checkpoints;
using Mnemo.Runtime;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>The one thread policy of training processes, the same for a sweep and for <c>mnemo train</c>:
/// libtorch's intra-op threads are <c>training.threads</c> when the config fixes them, else OMP_NUM_THREADS
/// when the environment sets it (the usual way to hold a process to fewer threads; a parallel sweep sets it for
/// each child process to its share, a Slurm task to its CPUs), else every core the process is given; a run resumed from a checkpoint trains on the count that checkpoint was written
/// with unless the config fixes one, since results are bitwise reproducible only at the same count.</summary>
public static class TrainingThreads
{
    /// <summary>libtorch's threads for a process about to train and evaluate runs of <paramref name="training"/>.</summary>
    public static void ForProcess(TrainingConfig training) => TorchRuntime.SetThreads(ProcessCount(training));

    private static int ProcessCount(TrainingConfig training) =>
        training.Threads > 0 ? training.Threads
        : int.TryParse(Environment.GetEnvironmentVariable(Variable), out var n) && n > 0 ? n
        : Environment.ProcessorCount;

    /// <summary>The environment variable that OpenMP, and so libtorch, reads its thread count from.</summary>
    public const string Variable = "OMP_NUM_THREADS";

    /// <summary>libtorch's threads while one run trains (<paramref name="saved"/>: the state of the checkpoint
    /// it continues, or null), until disposed; then the process's count comes back.</summary>
    public static IDisposable WhileTraining(TrainingConfig training, TrainerState? saved) =>
        TorchRuntime.WithThreads(training.Threads > 0 ? training.Threads : saved?.Threads ?? 0);
}
