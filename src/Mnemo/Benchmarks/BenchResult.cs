using Mnemo.Runtime;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mnemo.Benchmarks;

/// <summary>One size's benchmark figures; serialized as one JSON object per line (snake_case names).</summary>
/// <param name="Params">All parameters of the model (embeddings, biases and norms included).</param>
/// <param name="Gflops">Achieved training GFLOP/s by <see cref="FlopCount"/>.</param>
/// <param name="PeakGflops">The fp32 matmul peak of the same run: the best of its measurements around the
/// timed work (<see cref="PeakSamples"/>).</param>
/// <param name="Mfu">Gflops / PeakGflops, a fraction in 0..1; above 1 is impossible (<see cref="MfuImpossible"/>).</param>
/// <param name="PeakRssMb">Highest resident memory while this size trained, in MiB like every memory figure here
/// (the JSON name <c>peak_rss_mb</c> is the issue's); the high-water mark is reset before each size where the kernel allows.</param>
/// <param name="RssFromMb">Resident memory at the reference step, the median of the per-step peaks before it
/// (<see cref="MemoryGrowthTracker"/>; null for sizes that were not tracked).</param>
/// <param name="RssToMb">The same at the last tracked step.</param>
/// <param name="RssGrowthPct">Growth from RssFromMb to RssToMb, in percent (null for sizes that were not tracked).</param>
/// <param name="Allocator">"tuned" when <see cref="MallocTuning"/> was applied, "huge-pages" for glibc's own allocator
/// with <see cref="HugePages"/>, else "default".</param>
public sealed record BenchResult(
    string Size,
    long Params,
    int Layers,
    int DModel,
    int Heads,
    int Threads,
    int Batch,
    int Sequence,
    int TimedSteps,
    double TrainTokensPerS,
    double StepMs,
    double DataMs,
    double ForwardMs,
    double BackwardMs,
    double OptimizerMs,
    long FlopsPerToken,
    double Gflops,
    double PeakGflops,
    double Mfu,
    int DecodeLength,
    double DecodeTokensPerSCache,
    double DecodeTokensPerSNocache,
    double DecodeSpeedup,
    double? PeakRssMb,
    double? RssFromMb,
    double? RssToMb,
    double? RssGrowthPct,
    string Allocator)
{
    /// <summary>The lowest of the run's peak measurements (the highest is <see cref="PeakGflops"/>).</summary>
    public double PeakGflopsMin { get; init; }

    /// <summary>How many times the run measured the peak.</summary>
    public int PeakMeasurements { get; init; }

    /// <summary>Tokens/s of the slowest and the fastest single timed step (<see cref="TrainTokensPerS"/> is over all of them).</summary>
    public double TrainTokensPerSMin { get; init; }

    /// <inheritdoc cref="TrainTokensPerSMin"/>
    public double TrainTokensPerSMax { get; init; }

    /// <summary>True when the training rate exceeds the measured peak: the peak caught a busy moment of a shared
    /// machine (or the FLOP count is wrong), and neither figure should be trusted; rerun on a quiet machine.</summary>
    public bool MfuImpossible => Mfu > 1;

    /// <summary>How the benchmark's results are written: snake_case names, one line.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The result as one line of JSON (no line break).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(this, JsonOptions);
}
