using Mnemo.Runtime;

namespace Mnemo.Benchmarks;

/// <summary>Training throughput of one size with <c>Busy</c> busy processes beside it, against the same
/// training alone. On C cores shared by K busy processes a fair scheduler gives the training process
/// C/(C+K) of the machine, so its fair share is idle throughput × C/(C+K); <see cref="FairShareRatio"/>
/// is the throughput with the busy processes over that share (1: as good as a fair split; the 25× collapse of
/// spinning, oversubscribed OpenMP threads (issue 22) reads about 0.1 on 2 cores with 9 others).</summary>
/// <param name="Cores">CPUs this process may use (<see cref="Environment.ProcessorCount"/>).</param>
/// <param name="IdleThreads">libtorch threads of the first measurement (the policy's, or the fixed count).</param>
/// <param name="BusyThreads">The same with the busy processes running (the policy chooses again).</param>
/// <param name="OtherLoadBefore">Runnable threads of other processes before the first measurement: the
/// benchmark's "idle" is only as idle as the machine was.</param>
public sealed record ContentionResult(
    string Size, int Cores, int Busy, double OtherLoadBefore,
    int IdleThreads, double IdleTokensPerS,
    int BusyThreads, double BusyTokensPerS)
{
    /// <summary>Idle throughput × C/(C+K), tokens/s.</summary>
    public double FairShare => IdleTokensPerS * Cores / (Cores + Busy);

    /// <summary>Throughput beside the busy processes over the fair share.</summary>
    public double FairShareRatio => FairShare > 0 ? BusyTokensPerS / FairShare : 0;

    /// <summary>The result as one line of JSON (snake_case, the fair share and its ratio included).</summary>
    public string ToJsonLine() => System.Text.Json.JsonSerializer.Serialize(this, BenchResult.JsonOptions);
}

public static class ContentionBench
{
    /// <summary>For each size: a fresh model trained alone and then beside <paramref name="busy"/> busy processes
    /// (<see cref="Run"/>), each measurement the size's warm-up and timed steps (<see cref="BenchSize.StepsFor"/>).</summary>
    /// <param name="threads">libtorch threads (0: the training policy, chosen anew for each measurement).</param>
    public static IReadOnlyList<ContentionResult> Measure(IReadOnlyList<BenchSize> sizes, BenchOptions options, int busy, int threads,
        Action<string>? progress = null)
    {
        options = options with { MemoryTo = 0 };
        options.Validate();
        var results = new List<ContentionResult>();
        foreach (var size in sizes)
        {
            using var model = size.CreateModel(options.Seed);
            results.Add(Run(size.Name, busy,
                () => threads > 0 ? threads : ThreadPolicy.Choose(0, 1).Threads,
                () => TrainingBench.Run(model, size, options, trackMemory: false).TokensPerSecond,
                TimeSpan.FromSeconds(1), progress));
        }
        return results;
    }

    /// <summary>Measures training alone, then starts <paramref name="busy"/> busy processes, measures again and
    /// stops them, also when the measurement fails.</summary>
    /// <param name="threads">libtorch threads for each measurement, chosen just before it (the training policy,
    /// <see cref="ThreadPolicy.Choose(int, int)"/>, or a fixed count).</param>
    /// <param name="measure">One training measurement, tokens/s.</param>
    /// <param name="settle">Wait after starting the busy processes, before choosing threads and measuring.</param>
    public static ContentionResult Run(string size, int busy, Func<int> threads, Func<double> measure, TimeSpan settle,
        Action<string>? progress = null)
    {
        if (busy < 1) throw new MnemoException(BenchOptions.Inputs.Contention, $"must be at least 1 busy process, got {busy}");
        double before = CpuLoad.OtherRunnable();
        int idleThreads = threads();
        TorchRuntime.SetThreads(idleThreads);
        progress?.Invoke($"{size}: training alone on {idleThreads} thread(s)");
        double idle = measure();
        using var processes = BusyProcesses.Start(busy);
        Thread.Sleep(settle);
        int busyThreads = threads();
        TorchRuntime.SetThreads(busyThreads);
        progress?.Invoke($"{size}: training beside {busy} busy process(es) on {busyThreads} thread(s)");
        double contended = measure();
        return new ContentionResult(size, Environment.ProcessorCount, busy, before, idleThreads, idle, busyThreads, contended);
    }
}
