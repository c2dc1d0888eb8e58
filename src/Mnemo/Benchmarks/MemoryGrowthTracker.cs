namespace Mnemo.Benchmarks;

/// <summary>How resident memory is read; <see cref="Process"/> reads this process's (tests pass their own).</summary>
/// <param name="Peak">Highest resident memory since the last reset, MiB.</param>
/// <param name="Current">Resident memory now, MiB.</param>
/// <param name="ResetPeak">Resets the peak to the current value; false when refused.</param>
public sealed record MemoryProbe(Func<double?> Peak, Func<double?> Current, Func<bool> ResetPeak)
{
    public static readonly MemoryProbe Process = new(ResidentMemory.PeakMb, ResidentMemory.CurrentMb, ResidentMemory.ResetPeak);
}

/// <summary>
/// Resident memory of a training run: its overall peak, and its growth between two steps. Glibc's allocator
/// hands big blocks back to the kernel and maps them again within every step, so the peak of one step
/// differs from the next by several percent without any trend (docs/performance.md "Memory"); a single
/// reading at each end lands anywhere in that spread. The level at a step is therefore the median of the
/// per-step peaks over the <c>window</c> steps ending there, and the growth compares the two levels.
/// </summary>
public sealed class MemoryGrowthTracker
{
    private readonly MemoryProbe probe;
    private readonly int from, to, window;
    private readonly List<double> fromPeaks = [], toPeaks = [];
    private bool perStep;
    private double? peak;

    /// <param name="from">The step whose level is the reference.</param>
    /// <param name="window">Steps per level; fewer when the steps before <paramref name="from"/> or between the two are fewer.</param>
    public MemoryGrowthTracker(int from, int to, int window, MemoryProbe? probe = null)
    {
        if (to > 0 && (from < 1 || to <= from || window < 1))
            throw new ArgumentException($"memory growth needs 1 <= from < to and a window of at least 1, got from {from}, to {to}, window {window}");
        this.probe = probe ?? MemoryProbe.Process;
        this.from = from;
        this.to = to;
        this.window = to > 0 ? Math.Min(window, Math.Min(from, to - from)) : 0;
        // the peak of this run; where the reset is refused it counts from the start of the process
        this.probe.ResetPeak();
    }

    /// <summary>Tracks only the run's peak.</summary>
    public static MemoryGrowthTracker PeakOnly(MemoryProbe? probe = null) => new(0, 0, 0, probe);

    private bool InWindow(int step) => window > 0 && (step > from - window && step <= from || step > to - window && step <= to);

    /// <summary>Call before training step <paramref name="step"/> (1-based).</summary>
    public void BeforeStep(int step)
    {
        if (!InWindow(step)) return;
        Fold();
        perStep = probe.ResetPeak();
    }

    /// <summary>Call after training step <paramref name="step"/>.</summary>
    public void AfterStep(int step)
    {
        if (!InWindow(step)) return;
        // without a reset the peak is the run's so far: the current value is the better reading of this step
        double? reading = perStep ? probe.Peak() : probe.Current();
        if (reading is not { } mb) return;
        (step <= from ? fromPeaks : toPeaks).Add(mb);
        peak = Math.Max(peak ?? mb, mb);
    }

    /// <summary>Median per-step peak of the window ending at the reference step (null before it ran or where unreadable).</summary>
    public double? FromMb => Median(fromPeaks);

    /// <summary>Median per-step peak of the window ending at the last tracked step.</summary>
    public double? ToMb => Median(toPeaks);

    /// <summary>Growth from <see cref="FromMb"/> to <see cref="ToMb"/> in percent; null when either is missing.</summary>
    public double? GrowthPct => FromMb is { } f && ToMb is { } t && f > 0 ? (t - f) / f * 100 : null;

    /// <summary>Highest resident memory seen so far in the run.</summary>
    public double? PeakMb
    {
        get
        {
            Fold();
            return peak;
        }
    }

    private void Fold()
    {
        if (probe.Peak() is { } mb) peak = Math.Max(peak ?? mb, mb);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count); null for none.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
