namespace Mnemo.Benchmarks;

/// <summary>The matmul peak measured several times in one benchmark run, around the timed work (before
/// the first size and after each size's training). On a shared machine a single measurement can catch a
/// busy moment: one run here measured 82.6 GFLOP/s and then trained at 100.7, an MFU of 1.22 (issue 22).
/// The best measurement is the peak that MFU divides by; the lowest and highest are its spread.</summary>
public sealed class PeakSamples
{
    private readonly List<double> samples = [];

    public void Add(double gflops)
    {
        if (!(gflops > 0) || double.IsInfinity(gflops)) throw new ArgumentOutOfRangeException(nameof(gflops), gflops, "a measured rate is positive and finite");
        samples.Add(gflops);
    }

    public int Count => samples.Count;

    /// <summary>The highest measurement: the peak (0 before any).</summary>
    public double Best => samples.Count == 0 ? 0 : samples.Max();

    /// <summary>The lowest measurement (0 before any).</summary>
    public double Lowest => samples.Count == 0 ? 0 : samples.Min();
}
