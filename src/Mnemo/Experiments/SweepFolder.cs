namespace Mnemo.Experiments;

/// <summary>How far one trial of a sweep got, read from its run folder.</summary>
public enum TrialState { Pending, Running, Partial, Trained, Unreadable, Finished }

/// <summary>An output folder of <c>mnemo sweep</c> as it is on disk, finished or not: the manifest, each
/// trial's state, and the results of the finished trials merged from their own results.csv files (each
/// written atomically by its trial, so concurrent trials never corrupt one another's results).</summary>
public sealed class SweepFolder
{
    public string Path { get; }
    public SweepManifest Manifest { get; }

    private SweepFolder(string path, SweepManifest manifest) => (Path, Manifest) = (path, manifest);

    public static SweepFolder Open(string path) => new(path, SweepManifest.Load(path));

    public RunFolder Run(SweepTrial trial) => new(System.IO.Path.Combine(Path, trial.Run));

    public TrialState State(SweepTrial trial)
    {
        var run = Run(trial);
        // a trial is finished only when its results can be read: a damaged results.csv is said, not dropped
        if (run.IsFinished) return ResultRow.TryReadCsv(run.Results) is null ? TrialState.Unreadable : TrialState.Finished;
        if (run.IsBusy) return TrialState.Running;
        if (run.IsTrained) return TrialState.Trained;
        return run.HasRun ? TrialState.Partial : TrialState.Pending;
    }

    /// <summary>Rows of every finished trial, in trial order.</summary>
    public List<ResultRow> Results() =>
        Manifest.Trials.SelectMany(t => ResultRow.TryReadCsv(Run(t).Results) ?? []).ToList();

    /// <summary>Where each trial's time went (its timings.json), one line per trial that has them and one for their
    /// sum; empty when none has (trials finished before timings were recorded).</summary>
    public IReadOnlyList<string> TimingLines()
    {
        var timed = Manifest.Trials.Select(t => (t.Run, Timings: TrialTimings.TryLoad(Run(t).Timings)))
            .Where(t => t.Timings is not null).ToList();
        if (timed.Count == 0) return [];
        return [.. timed.Select(t => $"time [{t.Run}] {t.Timings!.Describe()}"),
            $"time, {timed.Count} trial{(timed.Count == 1 ? "" : "s")} added up: {TrialTimings.Sum(timed.Select(t => t.Timings!)).Describe()}"];
    }

    /// <summary>Writes the merged results.csv of the finished trials (atomically) and returns its rows.</summary>
    public List<ResultRow> WriteResults()
    {
        var rows = Results();
        ResultRow.WriteCsv(System.IO.Path.Combine(Path, "results.csv"), rows);
        return rows;
    }
}
