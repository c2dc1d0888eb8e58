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
    /// <summary>How a whole sweep of <paramref name="experiment"/> lays its trials on the CPU: its stated <c>parallel</c>, else
    /// <see cref="ParallelTrials.Choose"/> from the cores, the model size and memory; then the threads per trial as the
    /// policy gives them for that many trials at once (<c>training.threads</c> and <c>MNEMO_THREADS</c> still win).
    /// Chooses only: nothing is set.</summary>
    public static ThreadLayout ChooseSweep(ExperimentConfig experiment)
    {
        experiment.Validate();
        var trials = experiment.Trials();
        int fixedThreads = experiment.Training.Threads > 0 ? experiment.Training.Threads
            : ThreadPolicy.ParseVariable(Environment.GetEnvironmentVariable(ThreadPolicy.Variable)) ?? 0;
        var (parallel, reason) = experiment.Parallel is { } stated
            ? (stated, "as stated")
            : ParallelTrials.Choose(Environment.ProcessorCount, trials.Count, LayerWeights(experiment), fixedThreads,
                trials.Max(MemoryEstimate.TrialBytes), MachineMemory.Bytes);
        return ThreadPolicy.Choose(experiment.Training.Threads, Math.Min(parallel, trials.Count)) with { ParallelSource = reason };
    }

    /// <summary>L·(4d² + 2d·m): the weights every token is multiplied by in the layers; null for a pretrained checkpoint,
    /// whose architecture the file does not give.</summary>
    public static long? LayerWeights(ExperimentConfig experiment) =>
        experiment.Pretrained is null ? Benchmarks.FlopCount.MatmulParameters(experiment.Model.Layers, experiment.Model.DModel, experiment.Model.MlpWidth, vocab: 0) : null;

    /// <summary>Sets this process's libtorch threads to <paramref name="layout"/>'s, and returns it.</summary>
    public static ThreadLayout Apply(ThreadLayout layout)
    {
        TorchRuntime.SetThreads(layout.Threads);
        return layout;
    }

    /// <summary>For a process that runs trials of <paramref name="experiment"/> one at a time, before the first one.</summary>
    public static ThreadLayout ForSweep(ExperimentConfig experiment) => Apply(ThreadPolicy.Choose(experiment.Training.Threads, 1));

    /// <summary>For a process that trains the one run <paramref name="trial"/> in <paramref name="folder"/>.</summary>
    public static ThreadLayout ForRun(RunConfig trial, RunFolder folder)
    {
        int saved = trial.Training.Threads == 0 && ThreadPolicy.ParseVariable(Environment.GetEnvironmentVariable(ThreadPolicy.Variable)) is null && File.Exists(folder.Checkpoint)
            ? TrainingCheckpoint.Peek(folder.Checkpoint).Threads
            : 0; // 0 also for a checkpoint written before the count was recorded
        return Apply(saved > 0 ? new ThreadLayout(Environment.ProcessorCount, 0, 1, saved, "checkpoint") : ThreadPolicy.Choose(trial.Training.Threads, 1));
    }
}
