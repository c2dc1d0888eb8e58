using System.Diagnostics;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>The machine's fp32 matrix-multiply rate through libtorch: the best GFLOP/s over a few
/// repetitions of square products (the denominator of the model-FLOP utilization).</summary>
public static class MatmulPeak
{
    /// <param name="sizes">Square sizes to try; the best rate over all of them is the peak.</param>
    /// <param name="seconds">Rough time budget per size.</param>
    public static double MeasureGflops(IReadOnlyList<int>? sizes = null, double seconds = 1.0)
    {
        double best = 0;
        foreach (var n in sizes ?? [1024, 2048])
        {
            using var scope = NewDisposeScope();
            var a = randn(n, n);
            var b = randn(n, n);
            a.matmul(b).Dispose(); // warm-up: thread pool, page faults
            var clock = Stopwatch.StartNew();
            int reps = 0;
            while (reps < 3 || clock.Elapsed.TotalSeconds < seconds)
            {
                var round = Stopwatch.StartNew();
                a.matmul(b).Dispose();
                reps++;
                best = Math.Max(best, FlopCount.Matmul(n, n, n) / round.Elapsed.TotalSeconds / 1e9);
            }
        }
        return best;
    }
}
