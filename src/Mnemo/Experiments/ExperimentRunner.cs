using Mnemo.Attribution;
using Mnemo.Evaluation;
using Mnemo.Runtime;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>Progress of a whole experiment, for displays.</summary>
public interface IExperimentObserver
{
    void TrialStarted(RunConfig trial);
    void Training(RunConfig trial, TrainingProgress progress);
    void Evaluated(RunConfig trial, LengthResult result);
    void TrialFinished(RunConfig trial, TrainingSummary summary);
    /// <summary>The trial continues a stopped process's work from its checkpoint at <paramref name="step"/>.</summary>
    void TrialResumed(RunConfig trial, int step) { }
    /// <summary>The trial was finished by an earlier run of the experiment: its results are reused.</summary>
    void TrialSkipped(RunConfig trial) { }
    /// <summary>Called at the start with 0 and after each trial with the number of trials finished.</summary>
    void TrialsDone(int done, int total) { }
    /// <summary>Called once before the first trial with how the sweep lays its work on the CPU.</summary>
    void Layout(ThreadLayout layout) { }
}

/// <summary>Runs every trial of an experiment (train, then evaluate over lengths) in this process, one at
/// a time (<see cref="TrialProcesses"/> runs <c>parallel</c> of them at once), each in its own run folder,
/// and writes OUT/results.csv with every (trial, length). Run again on the same folder, it skips finished
/// trials, evaluates trained ones and continues partial ones from their checkpoints; a folder that holds a different run is refused. Every trial is checked before anything
/// is written. With <c>onlyTrial</c> it runs that one trial (a Slurm array task) and leaves the merged
/// results.csv to <c>mnemo report</c>, since other trials may be finishing at the same moment.</summary>
public sealed class ExperimentRunner(ExperimentConfig experiment, string outDir)
{
    public string OutDir => outDir;
    public ExperimentConfig Experiment => experiment;
    public string ResultsPath => Path.Combine(outDir, "results.csv");

    /// <summary>Recorded in sweep.json; by default the experiment alone, without a command line.</summary>
    public SweepProvenance Provenance { get; init; } = new("", null, "", []);

    /// <summary>Write into an existing output folder that holds no sweep.json (<see cref="ForeignFolder"/>).</summary>
    public bool Force { get; init; }

    /// <param name="layout">How the sweep lays its work on the CPU, chosen by the caller (<see cref="TrainingThreads.ChooseSweep"/>);
    /// null: one trial at a time on the thread policy's count (<see cref="TrainingThreads.ForSweep"/>).</param>
    public List<ResultRow> Run(IExperimentObserver? observer = null, CancellationToken cancel = default, int? onlyTrial = null,
        ThreadLayout? layout = null)
    {
        // a process that runs one trial (a parallel sweep's child, a Slurm task) counts its own start-up in it
        var firstTimer = onlyTrial is null ? null : TrialTimer.SinceProcessStart();
        var (trials, setups, folders) = Prepare(onlyTrial);
        var chosen = onlyTrial is { } only ? [only] : Enumerable.Range(0, trials.Count).ToList();
        observer?.Layout(layout is null ? TrainingThreads.ForSweep(experiment) : TrainingThreads.Apply(layout));

        var rows = new List<ResultRow>[chosen.Count];
        observer?.TrialsDone(0, chosen.Count);
        for (int k = 0; k < chosen.Count; k++)
        {
            cancel.ThrowIfCancellationRequested();
            int i = chosen[k];
            rows[k] = RunTrial(setups[i], folders[i], experiment.Attribution, observer, cancel, firstTimer ?? new TrialTimer());
            observer?.TrialsDone(k + 1, chosen.Count);
        }
        var all = rows.SelectMany(r => r).ToList();
        if (onlyTrial is null) ResultRow.WriteCsv(ResultsPath, all);
        return all;
    }

    /// <summary>Everything checked before the first trial trains (config, every trial's vocabulary and
    /// position capacity, earlier runs in the folder), then the folder and its sweep.json created. Also
    /// what a job-array submission does before it hands the trials to Slurm.</summary>
    public (IReadOnlyList<RunConfig> Trials, List<RunSetup> Setups, List<RunFolder> Folders) Prepare(int? onlyTrial = null)
    {
        experiment.Validate();
        var planned = experiment.Trials();
        if (onlyTrial is { } t && (t < 0 || t >= planned.Count))
            throw new MnemoException($"{TrialProtocol.TrialOption} {t}: the sweep has {planned.Count} trials, numbered 0 to {planned.Count - 1}");
        var setups = planned.Select(t => new RunSetup(t)).ToList(); // fail on any bad trial before training starts
        var trials = setups.Select(s => s.Config).ToList(); // resolved: a pretrained trial's architecture is its checkpoint's
        foreach (var setup in setups) TrialRunner.Preflight(setup, experiment.Attribution?.Lengths);
        var folders = trials.Select(t => new RunFolder(Path.Combine(outDir, t.RunName))).ToList();
        ForeignFolder.Check(outDir, SweepManifest.FileName,
            [SweepManifest.FileName, "results.csv", "slurm", .. trials.Select(t => t.RunName)], Force, "sweep");
        if (Directory.Exists(outDir))
            for (int i = 0; i < trials.Count; i++)
                if (folders[i].HasRun) folders[i].RequireSameRun(trials[i]);
        OutputFolder.Create(outDir);
        // array tasks start together: the first writes the manifest, the others keep it; a sweep run again on
        // its folder adds its invocation to the manifest's list
        var manifest = SweepManifest.Describe(experiment, trials, Provenance);
        bool exists = File.Exists(SweepManifest.PathIn(outDir));
        if (onlyTrial is null) (exists ? SweepManifest.Load(outDir).Continued(manifest) : manifest).Save(outDir);
        else if (!exists) manifest.Save(outDir);
        return (trials, setups, folders);
    }

    /// <summary>Trains, draws the maps of and evaluates one trial (or reuses what an earlier run finished), and
    /// records where the time went in its timings.json.</summary>
    private static List<ResultRow> RunTrial(RunSetup setup, RunFolder folder, SweepAttribution? attribution, IExperimentObserver? observer,
        CancellationToken cancel, TrialTimer timer)
    {
        var trial = setup.Config;
        if (folder.IsFinished && ResultRow.TryReadCsv(folder.Results) is { } done)
        {
            observer?.TrialSkipped(trial);
            DrawMissingMaps(setup, folder, attribution); // lengths asked for since the trial finished: from its trained model
            observer?.TrialStarted(trial);
            observer?.TrialFinished(trial, TrialRunner.LoadSummary(folder));
            foreach (var r in done) observer?.Evaluated(trial, new LengthResult(r.Length, r.Accuracy, r.Examples, r.TokenAccuracy, r.MeanFirstError));
            return done;
        }
        observer?.TrialStarted(trial);
        var summary = folder.IsTrained
            ? TrialRunner.LoadSummary(folder)
            : TrialRunner.Train(setup, folder, p => observer?.Training(trial, p), cancel, step => observer?.TrialResumed(trial, step), timer: timer);
        observer?.TrialFinished(trial, summary);
        timer.Lap(TrialPhase.Startup); // a run trained earlier: reading its summary (after training here: a moment)
        // attribution first: results.csv marks the trial finished, so everything else must exist by then
        DrawMissingMaps(setup, folder, attribution);
        timer.Lap(TrialPhase.Attribution);
        var rows = TrialRunner.Evaluate(setup, folder, trial.Evaluation.LengthsOrDefault, r => observer?.Evaluated(trial, r));
        timer.Lap(TrialPhase.Evaluation);
        timer.Timings().Save(folder.Timings);
        return rows;
    }

    /// <summary>Draws the sweep's maps at each attribution length the trained run has none for yet (maps
    /// already drawn are kept as they are).</summary>
    private static void DrawMissingMaps(RunSetup setup, RunFolder folder, SweepAttribution? attribution)
    {
        foreach (var length in attribution?.Lengths ?? [])
        {
            var maps = SweepAttribution.Folder(folder, length);
            if (File.Exists(Path.Combine(maps, AttributionImages.MapFile))) continue;
            var request = new AttributionRequest(folder.Path, length, Seed: attribution!.Seed, OutDir: maps, Method: attribution.Method);
            try { RunAttribution.Run(setup, folder, request); }
            catch (NothingToAttributeException)
            {
                // a model that writes nothing still has a map of the correct answer: better than a sweep that never ends
                RunAttribution.Run(setup, folder, request with { TeacherForced = true });
                File.WriteAllText(Path.Combine(maps, "teacher-forced.txt"), "The model ended its answer at once; these maps attribute the correct target instead.\n");
            }
        }
    }
}
