using System.Globalization;

namespace Mnemo.Runtime;

/// <summary>How many trials of a sweep train at once when the experiment file does not say (<c>parallel</c>):
/// the rule of docs/performance.md "Choosing the layout". Small models leave most of a core idle between their
/// small ops, and those ops parallelize badly over threads, so independent trials, one thread each, get more
/// from the cores than one trial on all of them. Measured on 2 cores, two one-thread trials side by side against
/// one trial on both threads: 1.25× the tokens/s in all for the benchmark's <c>small</c> and 1.12× for
/// <c>base</c> (docs/performance.md). Above <see cref="SmallModelWeights"/> nothing was measured, the ops get
/// large enough to use several threads well, and every extra process holds a whole model's training memory:
/// one trial at a time on all cores. The thread count per trial then follows from the cores
/// (<see cref="ThreadPolicy.PerTrial"/>).</summary>
public static class ParallelTrials
{
    /// <summary>Weights a token is multiplied by in the layers (L·(4d² + 2d·m)) up to which a model counts as
    /// small: the quickstart and paper models have 393,216, the benchmark's <c>small</c> 786,432, <c>base</c>
    /// 3,145,728, the largest size measured to train faster as parallel one-thread trials.</summary>
    public const long SmallModelWeights = 4_000_000;

    /// <summary>Resident memory of a trial process before its model and data: the .NET runtime and libtorch
    /// (the benchmark's <c>tiny</c> training peaked at 459 MiB in all; docs/performance.md).</summary>
    public const double ProcessBytes = 500e6;

    /// <param name="cores">CPUs this process may use.</param>
    /// <param name="trials">Trials in the sweep (all of them, not only those still to run: the thread count a trial
    /// trains with must not depend on how far a stopped sweep got, or a rerun would round differently).</param>
    /// <param name="layerWeights">L·(4d² + 2d·m) of the model; null for a pretrained checkpoint (not small).</param>
    /// <param name="fixedThreads">Threads per trial fixed by <c>training.threads</c> or <c>MNEMO_THREADS</c> (0: none):
    /// trials then share the cores in whole blocks of that many.</param>
    /// <param name="trialBytes">Peak memory of one trial's model and data, an upper estimate (<see cref="ProcessBytes"/> is added here).</param>
    /// <param name="machineBytes">Memory this process may use (<see cref="MachineMemory.Bytes"/>); null: unknown, no limit.</param>
    /// <returns>Trials at once (at least 1) and why, for the layout line.</returns>
    public static (int Parallel, string Reason) Choose(int cores, int trials, long? layerWeights, int fixedThreads,
        double trialBytes, long? machineBytes)
    {
        if (cores < 1) throw new ArgumentOutOfRangeException(nameof(cores), cores, "at least one core");
        if (trials <= 1) return (1, "chosen: one trial");
        if (layerWeights is not { } weights)
            return (1, "chosen: a pretrained checkpoint, one trial at a time on all cores");
        string size = weights.ToString("N0", CultureInfo.InvariantCulture);
        if (weights > SmallModelWeights)
            return (1, $"chosen: {size} layer weights, above the {SmallModelWeights.ToString("N0", CultureInfo.InvariantCulture)} of a small model: one trial at a time on all cores");
        int byCores = fixedThreads > 0 ? Math.Max(1, cores / fixedThreads) : cores;
        int parallel = Math.Min(byCores, trials);
        string reason = $"chosen: a small model ({size} layer weights), trials side by side on the cores";
        if (machineBytes is { } machine)
        {
            double perTrial = ProcessBytes + Math.Max(0, trialBytes);
            int fits = Math.Max(1, (int)Math.Floor(machine / perTrial));
            if (fits < parallel)
                (parallel, reason) = (fits, $"chosen: a small model, but only {fits} trial{(fits == 1 ? "" : "s")} of about {MachineMemory.Format(perTrial)} each fit in {MachineMemory.Format(machine)} of memory");
        }
        return (parallel, reason);
    }
}
