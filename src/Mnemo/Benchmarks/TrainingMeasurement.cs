namespace Mnemo.Benchmarks;

/// <summary>What timed training steps measured. Phase times are means over the timed steps (libtorch on
/// the CPU runs each operation to completion before returning, so wall-clock phases are exact).</summary>
/// <param name="RssFromMb">Resident memory at MemoryFrom: the median of the per-step peaks of the steps up to it
/// (<see cref="MemoryGrowthTracker"/>).</param>
/// <param name="RssToMb">The same at MemoryTo.</param>
/// <param name="RssGrowthPct">Growth from the first to the second, in percent; null when this run did not track memory.</param>
/// <param name="PeakRssMb">Highest resident memory while training (null where unreadable).</param>
public sealed record TrainingMeasurement(
    int TimedSteps,
    double TokensPerSecond,
    double StepMs,
    double DataMs,
    double ForwardMs,
    double BackwardMs,
    double OptimizerMs,
    double? RssFromMb,
    double? RssToMb,
    double? RssGrowthPct,
    double? PeakRssMb)
{
    /// <summary>Tokens/s of the slowest and the fastest single timed step: the spread behind <see cref="TokensPerSecond"/>.</summary>
    public double StepTokensPerSecondMin { get; init; }

    /// <inheritdoc cref="StepTokensPerSecondMin"/>
    public double StepTokensPerSecondMax { get; init; }
}
