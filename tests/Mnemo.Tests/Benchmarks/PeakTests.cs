using System.Text.Json;
using Mnemo.Benchmarks;

namespace Mnemo.Tests.Benchmarks;

public sealed class PeakTests
{
    [Fact]
    public void The_peak_is_the_best_measurement_and_the_lowest_is_kept_as_its_spread()
    {
        var peaks = new PeakSamples();
        Assert.Equal((0.0, 0.0, 0), (peaks.Best, peaks.Lowest, peaks.Count));
        foreach (var g in new[] { 82.6, 170.1, 120.0 }) peaks.Add(g);
        Assert.Equal((170.1, 82.6, 3), (peaks.Best, peaks.Lowest, peaks.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => peaks.Add(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => peaks.Add(double.NaN));
    }

    private static BenchResult WithRates(double gflops, double peak) =>
        new("base", 1234, 4, 256, 4, 2, 64, 128, 20, 1000, 50, 1, 10, 20, 5, 999, gflops, peak, gflops / peak,
            250, 3000, 500, 6, 321.5, null, null, null, "huge-pages");

    [Fact]
    public void An_mfu_above_one_is_flagged_as_impossible()
    {
        var impossible = WithRates(100.7, 82.6); // the shared run of issue 22: MFU 1.22
        Assert.True(impossible.MfuImpossible);
        Assert.True(JsonDocument.Parse(impossible.ToJsonLine()).RootElement.GetProperty("mfu_impossible").GetBoolean());
        Assert.False(WithRates(107.0, 173.2).MfuImpossible);
        Assert.False(WithRates(82.6, 82.6).MfuImpossible);
    }

    [Fact]
    public void The_benchmark_measures_the_peak_before_and_after_each_sizes_training_and_divides_by_the_best()
    {
        var measured = new Queue<double>([82.6, 170.0, 150.0]);
        int calls = 0;
        var options = new BenchOptions { TimedSteps = 2, WarmupSteps = 0, MemoryTo = 0, DecodeLength = 2, DecodeBatch = 2 };
        var result = Assert.Single(Benchmark.Run([BenchSize.Tiny], options, "default", measurePeak: () => { calls++; return measured.Dequeue(); }));
        Assert.Equal(2, calls); // before the training and right after it
        Assert.Equal((170.0, 82.6, 2), (result.PeakGflops, result.PeakGflopsMin, result.PeakMeasurements));
        Assert.Equal(result.Gflops / 170.0, result.Mfu, 12);
        Assert.True(result.TrainTokensPerSMin > 0 && result.TrainTokensPerSMin <= result.TrainTokensPerSMax); // the spread of the timed steps
    }
}
