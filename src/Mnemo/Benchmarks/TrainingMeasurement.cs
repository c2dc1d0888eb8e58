namespace Mnemo.Benchmarks;

/// <summary>What timed training steps measured. Phase times are means over the timed steps (libtorch on
/// the CPU runs each operation to completion before returning, so wall-clock phases are exact).</summary>
/// <param name="RssGrowthPct">Resident-memory growth from step MemoryFrom to MemoryTo, in percent; null
/// when this run did not track memory.</param>
public sealed record TrainingMeasurement(
    int TimedSteps,
    double TokensPerSecond,
    double StepMs,
    double DataMs,
    double ForwardMs,
    double BackwardMs,
    double OptimizerMs,
    double? RssAtFromMb,
    double? RssAtToMb,
    double? RssGrowthPct);
