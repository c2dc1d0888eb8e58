using System.Globalization;

namespace Mnemo.Runtime;

/// <summary>How a sweep or run lays its work on the CPU: trials in parallel, libtorch threads per trial,
/// and what that was chosen from.</summary>
/// <param name="Cores">CPUs this process may use (<see cref="Environment.ProcessorCount"/>: affinity, cgroup
/// quota and <c>DOTNET_PROCESSOR_COUNT</c> honoured).</param>
/// <param name="OtherLoad">Runnable threads of other processes when the layout was chosen (<see cref="CpuLoad"/>).</param>
/// <param name="Source">Where the thread count came from: <c>training.threads</c> (or a caller's fixed count), <c>MNEMO_THREADS</c>,
/// <c>checkpoint</c>, <c>cores</c> or <c>MNEMO_THREADS=auto: cores less load</c>.</param>
public sealed record ThreadLayout(int Cores, double OtherLoad, int Parallel, int Threads, string Source)
{
    /// <summary>Where the number of trials in parallel came from (<c>parallel</c> in the file or on the command line,
    /// or <see cref="ParallelTrials.Choose"/>'s reason); null: not a sweep's choice (one run).</summary>
    public string? ParallelSource { get; init; }

    /// <summary>One line for the start of a sweep.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"layout: {Parallel} trial{(Parallel == 1 ? "" : "s")} in parallel{(ParallelSource is null ? "" : $" ({ParallelSource})")} × {Threads} libtorch thread{(Threads == 1 ? "" : "s")} each ({Source}); " +
        $"{Cores} core{(Cores == 1 ? "" : "s")} available, {OtherLoad:0.#} runnable thread{(Math.Round(OtherLoad, 1) == 1 ? "" : "s")} of other processes; OpenMP {OpenMpWaitPolicy.Describe()}");
}

/// <summary>How many libtorch threads a training process takes when nothing fixes them: the cores it may use,
/// shared by the trials that run side by side (<see cref="PerTrial"/> with no other load). The count changes
/// the rounding of libtorch's reductions and so the trained weights (README "Determinism"), so by default it
/// depends only on the cores, never on what else happens to run: the same command on the same machine trains
/// the same model. <c>MNEMO_THREADS</c> fixes the count, or, set to <c>auto</c>, leaves out the cores other
/// processes are using now (oversubscribed OpenMP threads wait on each other: a 25× collapse measured on 2
/// cores under load 9–12, issue 22), trading bitwise reproducibility for speed on a shared machine;
/// <see cref="OpenMpWaitPolicy"/> keeps waiting threads from spinning either way. The order of precedence with
/// configs and checkpoints is <c>Experiments.TrainingThreads</c>'s.</summary>
public static class ThreadPolicy
{
    /// <summary>Environment variable: libtorch threads per trial, overriding the policy (not <c>training.threads</c>),
    /// or <see cref="Auto"/>.</summary>
    public const string Variable = "MNEMO_THREADS";

    /// <summary>The value of <see cref="Variable"/> that asks for the cores other processes leave free now.</summary>
    public const string Auto = "auto";

    /// <summary>The policy: the cores the other processes leave (at least one), shared by the
    /// <paramref name="parallel"/> trials of this sweep, at least one thread each.</summary>
    /// <param name="cores">CPUs this process may use.</param>
    /// <param name="otherLoad">Runnable threads of other processes (fractional: a mean over samples).</param>
    public static int PerTrial(int cores, double otherLoad, int parallel)
    {
        if (cores < 1) throw new ArgumentOutOfRangeException(nameof(cores), cores, "at least one core");
        if (parallel < 1) throw new ArgumentOutOfRangeException(nameof(parallel), parallel, "at least one trial");
        int free = Math.Clamp(cores - (int)Math.Round(Math.Max(0, otherLoad), MidpointRounding.AwayFromZero), 1, cores);
        return Math.Max(1, free / parallel);
    }

    /// <summary>The layout of <paramref name="parallel"/> trials, each with <paramref name="configured"/>
    /// threads (0: the policy), on this machine now.</summary>
    public static ThreadLayout Choose(int configured, int parallel) =>
        Choose(configured, parallel, Environment.GetEnvironmentVariable(Variable));

    /// <param name="threadsVariable">The value of <see cref="Variable"/> (null: unset).</param>
    public static ThreadLayout Choose(int configured, int parallel, string? threadsVariable)
    {
        int cores = Environment.ProcessorCount;
        if (configured > 0) return new ThreadLayout(cores, 0, parallel, configured, "training.threads");
        bool auto = string.Equals(threadsVariable?.Trim(), Auto, StringComparison.OrdinalIgnoreCase);
        if (ParseVariable(threadsVariable) is { } threads) return new ThreadLayout(cores, 0, parallel, threads, Variable);
        if (auto)
        {
            double load = CpuLoad.OtherRunnable();
            return new ThreadLayout(cores, load, parallel, PerTrial(cores, load, parallel), $"{Variable}={Auto}: cores less load");
        }
        // the load only informs the layout line here: one reading, not the half second of samples the count needs
        return new ThreadLayout(cores, CpuLoad.OtherRunnable(samples: 1), parallel, PerTrial(cores, 0, parallel), "cores");
    }

    /// <summary>A value of <see cref="Variable"/> as a fixed thread count; null when unset or <see cref="Auto"/>. Throws
    /// naming the variable when it is neither a positive whole number nor <see cref="Auto"/>.</summary>
    public static int? ParseVariable(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), Auto, StringComparison.OrdinalIgnoreCase)) return null;
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new MnemoException($"{Variable}: must be a whole number of threads, at least 1, or {Auto}, got '{text}'");
    }

}
