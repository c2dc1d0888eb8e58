using Mnemo.Benchmarks;

namespace Mnemo.Tests.Benchmarks;

public class MemoryGrowthTrackerTests
{
    /// <summary>A process whose resident memory is set by hand; the peak follows it like VmHWM does.</summary>
    private sealed class FakeMemory
    {
        public double Current { get; private set; }
        public double Peak { get; private set; }
        public bool Refuse { get; init; }
        public int Resets { get; private set; }

        public void Set(double mb)
        {
            Current = mb;
            Peak = Math.Max(Peak, mb);
        }

        public MemoryProbe Probe => new(() => Peak, () => Current, () =>
        {
            if (Refuse) return false;
            Resets++;
            Peak = Current;
            return true;
        });
    }

    /// <summary>Runs steps 1..to; in step s memory rises to peaks[s - 1] and falls back to base between steps.</summary>
    private static MemoryGrowthTracker Train(FakeMemory memory, MemoryGrowthTracker tracker, double[] peaks, double between = 100)
    {
        for (int step = 1; step <= peaks.Length; step++)
        {
            tracker.BeforeStep(step);
            memory.Set(peaks[step - 1]);
            memory.Set(between);
            tracker.AfterStep(step);
        }
        return tracker;
    }

    [Fact]
    public void Each_end_is_the_median_of_the_per_step_peaks_of_its_window()
    {
        var memory = new FakeMemory();
        memory.Set(100);
        // steps 1..10; windows of 3 end at step 4 (steps 2, 3, 4) and at step 10 (steps 8, 9, 10)
        double[] peaks = [999, 200, 260, 220, 900, 900, 900, 230, 210, 290];
        var tracker = Train(memory, new MemoryGrowthTracker(from: 4, to: 10, window: 3, memory.Probe), peaks);
        Assert.Equal(220, tracker.FromMb);
        Assert.Equal(230, tracker.ToMb);
        Assert.Equal((230 - 220) / 220.0 * 100, tracker.GrowthPct!.Value, 10);
        // the run's peak also sees the steps outside the windows
        Assert.Equal(999, tracker.PeakMb);
        Assert.Equal(6, memory.Resets - 1); // one reset per window step, after the one at the start
    }

    [Fact]
    public void An_even_window_takes_the_mean_of_the_two_middle_peaks()
    {
        Assert.Equal(250, MemoryGrowthTracker.Median([300, 200, 100, 400]));
        Assert.Equal(7, MemoryGrowthTracker.Median([7]));
        Assert.Null(MemoryGrowthTracker.Median([]));
    }

    [Fact]
    public void The_window_shrinks_to_the_steps_available()
    {
        var memory = new FakeMemory();
        memory.Set(100);
        // window 25 asked, but only 2 steps up to step 2 and 1 step between step 2 and step 3
        var tracker = Train(memory, new MemoryGrowthTracker(from: 2, to: 3, window: 25, memory.Probe), [150, 170, 200]);
        Assert.Equal(170, tracker.FromMb);
        Assert.Equal(200, tracker.ToMb);
    }

    [Fact]
    public void Where_the_peak_cannot_be_reset_each_step_reads_the_current_value()
    {
        var memory = new FakeMemory { Refuse = true };
        memory.Set(100);
        var tracker = new MemoryGrowthTracker(from: 1, to: 2, window: 1, memory.Probe);
        tracker.BeforeStep(1);
        memory.Set(500);
        memory.Set(120);
        tracker.AfterStep(1);
        tracker.BeforeStep(2);
        memory.Set(132);
        tracker.AfterStep(2);
        // the process-wide peak (500) would hide any growth; the current values show it
        Assert.Equal(120, tracker.FromMb);
        Assert.Equal(132, tracker.ToMb);
        Assert.Equal(10, tracker.GrowthPct!.Value, 10);
        Assert.Equal(500, tracker.PeakMb);
    }

    [Fact]
    public void Peak_only_tracks_no_growth()
    {
        var memory = new FakeMemory();
        memory.Set(100);
        var tracker = Train(memory, MemoryGrowthTracker.PeakOnly(memory.Probe), [300, 250]);
        Assert.Null(tracker.FromMb);
        Assert.Null(tracker.GrowthPct);
        Assert.Equal(300, tracker.PeakMb);
        Assert.Equal(1, memory.Resets); // only at the start
    }

    [Theory]
    [InlineData(0, 10, 5)]
    [InlineData(10, 10, 5)]
    [InlineData(5, 10, 0)]
    public void Bad_steps_are_refused(int from, int to, int window) =>
        Assert.Throws<ArgumentException>(() => new MemoryGrowthTracker(from, to, window, new FakeMemory().Probe));
}
