using Mnemo.Models;
using Mnemo.Runtime;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>The whole benchmark after the matmul peak: first, for each size, training steps and decoding
/// with the cache; then, for each size, decoding without the cache. The uncached decodes come last
/// because they feed the model a new sequence length at every step, which fragments the C heap (tensors
/// a little larger every step, and a few long-lived blocks between them, such as oneDNN's cached kernel
/// for each new GELU shape): measured 1.5–3.4 GB of free-but-resident heap after 150 steps of
/// <c>base</c>. Run earlier, that memory would count in the next size's training peak.</summary>
public static class Benchmark
{
    /// <param name="allocator">Recorded as is: "tuned" when the caller applied <see cref="MallocTuning"/>.</param>
    /// <param name="measurePeak">One measurement of the matmul peak, GFLOP/s (default <see cref="MatmulPeak.MeasureGflops"/>),
    /// taken before the first size and after each size's training; MFU divides by the best (<see cref="PeakSamples"/>).</param>
    public static IReadOnlyList<BenchResult> Run(IReadOnlyList<BenchSize> sizes, BenchOptions options,
        string allocator, Action<string>? progress = null, Func<double>? measurePeak = null)
    {
        options.Validate();
        measurePeak ??= () => MatmulPeak.MeasureGflops();
        var peaks = new PeakSamples();
        progress?.Invoke("measuring the fp32 matmul peak");
        peaks.Add(measurePeak());
        var models = new List<TransformerLM>();
        try
        {
            var trained = new List<(TrainingMeasurement Train, double Cached)>();
            foreach (var size in sizes)
            {
                var model = size.CreateModel(options.Seed);
                models.Add(model);
                bool tracks = options.TracksMemory(size);
                progress?.Invoke($"{size.Name}: training {options.TrainingSteps(size, tracks)} steps");
                MallocTuning.ReleaseFreeMemory(); // the previous size's free heap would count in this one's peak
                var train = TrainingBench.Run(model, size, options, tracks);
                progress?.Invoke($"{size.Name}: measuring the matmul peak again");
                peaks.Add(measurePeak()); // right after the timed work: the machine as busy as it was for it
                progress?.Invoke($"{size.Name}: decoding with the cache");
                double cached = DecodingBench.TokensPerSecond(model, options.DecodeBatch, options.DecodeLength, useCache: true, options.Seed);
                trained.Add((train, cached));
            }
            var results = new List<BenchResult>();
            for (int i = 0; i < sizes.Count; i++)
            {
                progress?.Invoke($"{sizes[i].Name}: decoding without the cache");
                double uncached = DecodingBench.TokensPerSecond(models[i], options.DecodeBatch, options.DecodeLength, useCache: false, options.Seed);
                MallocTuning.ReleaseFreeMemory(); // its heap fragments (one new shape per step): give the pages back
                results.Add(Result(sizes[i], models[i], options, peaks, allocator, trained[i].Train, trained[i].Cached, uncached));
            }
            return results;
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    private static BenchResult Result(BenchSize size, TransformerLM model, BenchOptions options, PeakSamples peaks, string allocator,
        TrainingMeasurement train, double cached, double uncached)
    {
        double peakGflops = peaks.Best;
        long flopsPerToken = FlopCount.TrainingPerToken(size, size.SequenceFor(options));
        double gflops = train.TokensPerSecond * flopsPerToken / 1e9;
        return new BenchResult(
            size.Name, model.ParameterCount(), size.Layers, size.DModel, size.Heads, get_num_threads(),
            size.BatchFor(options), size.SequenceFor(options), train.TimedSteps,
            train.TokensPerSecond, train.StepMs, train.DataMs, train.ForwardMs, train.BackwardMs, train.OptimizerMs,
            flopsPerToken, gflops, peakGflops, peakGflops > 0 ? gflops / peakGflops : 0,
            options.DecodeLength, cached, uncached, uncached > 0 ? cached / uncached : 0,
            train.PeakRssMb, train.RssFromMb, train.RssToMb, train.RssGrowthPct, allocator)
        {
            PeakGflopsMin = peaks.Lowest, PeakMeasurements = peaks.Count,
            TrainTokensPerSMin = train.StepTokensPerSecondMin, TrainTokensPerSMax = train.StepTokensPerSecondMax,
        };
    }
}
