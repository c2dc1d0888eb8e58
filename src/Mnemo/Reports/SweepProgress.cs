using System.Globalization;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>One trial as the report sees it: how far it got and, once trained, what training cost.</summary>
public sealed record TrialProgress(SweepTrial Trial, TrialState State, TrainingSummary? Training);

/// <summary>How far a sweep got and what its training cost, read from its run folders, as sentences.</summary>
public sealed class SweepProgress
{
    public IReadOnlyList<TrialProgress> Trials { get; }

    public SweepProgress(SweepFolder sweep) =>
        Trials = sweep.Manifest.Trials.Select(t =>
        {
            var run = sweep.Run(t);
            return new TrialProgress(t, sweep.State(t), run.IsTrained ? TrialRunner.LoadSummary(run) : null);
        }).ToList();

    public int Finished => Trials.Count(t => t.State == TrialState.Finished);

    /// <summary>E.g. "6 of 12 trials finished (2 running, 4 pending)" or "all 12 trials finished".</summary>
    public string Status()
    {
        if (Finished == Trials.Count) return Trials.Count == 1 ? "the one trial finished" : $"all {Trials.Count} trials finished";
        var others = Trials.Where(t => t.State != TrialState.Finished).GroupBy(t => t.State).OrderByDescending(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.Describe()}");
        return $"{Finished} of {Trials.Count} trials finished ({string.Join(", ", others)})";
    }

    /// <summary>Steps, wall time and tokens over the trained trials (range per trial, and the total time), or null before any.</summary>
    public string? Cost()
    {
        var done = Trials.Select(t => t.Training).OfType<TrainingSummary>().ToList();
        if (done.Count == 0) return null;
        string Range<T>(IEnumerable<T> values, Func<T, string> text) where T : IComparable<T>
        {
            var list = values.ToList();
            var (low, high) = (list.Min()!, list.Max()!);
            return low.CompareTo(high) == 0 ? text(low) : $"{text(low)}–{text(high)}";
        }
        var trained = done.Count == 1 ? "1 trained trial" : $"{done.Count} trained trials";
        return $"{trained}: {Range(done.Select(s => s.Steps), Whole)} steps, {Range(done.Select(s => s.Seconds), Seconds)} s and "
               + $"{Range(done.Select(s => s.Tokens), Tokens)} tokens per trial; {Seconds(done.Sum(s => s.Seconds))} s of training in all";
    }

    public static string Whole(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
    public static string Seconds(double seconds) => seconds.ToString("0", CultureInfo.InvariantCulture);
    public static string Tokens(long tokens) =>
        tokens >= 1_000_000 ? (tokens / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " M" : tokens.ToString("N0", CultureInfo.InvariantCulture);
}
