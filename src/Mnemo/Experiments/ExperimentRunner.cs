using System.Runtime.ExceptionServices;
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
}

/// <summary>Runs every trial of an experiment (train, then evaluate over lengths), <c>parallel</c> at a
/// time, each in its own run folder, and writes OUT/results.csv with every (trial, length). Run again on
/// the same folder, it skips finished trials, evaluates trained ones and continues partial ones from their
/// checkpoints; a folder that holds a different run is refused. Every trial is checked before anything
/// is written.</summary>
public sealed class ExperimentRunner(ExperimentConfig experiment, string outDir)
{
    public string ResultsPath => Path.Combine(outDir, "results.csv");

    public List<ResultRow> Run(IExperimentObserver? observer = null, CancellationToken cancel = default)
    {
        experiment.Validate();
        var setups = experiment.Trials().Select(t => new RunSetup(t)).ToList(); // fail on any bad trial before training starts
        var trials = setups.Select(s => s.Config).ToList(); // resolved: a pretrained trial's architecture is its checkpoint's
        foreach (var setup in setups) TrialRunner.Preflight(setup);
        var folders = trials.Select(t => new RunFolder(Path.Combine(outDir, t.RunName))).ToList();
        if (Directory.Exists(outDir))
            for (int i = 0; i < trials.Count; i++)
                if (folders[i].HasRun) folders[i].RequireSameRun(trials[i]);
        OutputFolder.Create(outDir);
        int parallel = Math.Min(experiment.Parallel, trials.Count);
        TorchRuntime.SetThreads(experiment.Training.Threads > 0 ? experiment.Training.Threads : Math.Max(1, Environment.ProcessorCount / parallel));

        var rows = new List<ResultRow>[trials.Count];
        try
        {
            Parallel.For(0, trials.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancel }, i =>
                rows[i] = RunTrial(setups[i], folders[i], observer, cancel));
        }
        catch (AggregateException e)
        {
            // one clear error for the user: the first library error, else the first cancellation, else whatever came
            var inner = e.Flatten().InnerExceptions;
            var first = inner.FirstOrDefault(x => x is MnemoException) ?? inner.FirstOrDefault(x => x is OperationCanceledException) ?? inner[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        var all = rows.SelectMany(r => r).ToList();
        ResultRow.WriteCsv(ResultsPath, all);
        return all;
    }

    private static List<ResultRow> RunTrial(RunSetup setup, RunFolder folder, IExperimentObserver? observer, CancellationToken cancel)
    {
        var trial = setup.Config;
        if (folder.IsFinished && ResultRow.TryReadCsv(folder.Results) is { } done)
        {
            observer?.TrialSkipped(trial);
            observer?.TrialStarted(trial);
            observer?.TrialFinished(trial, TrialRunner.LoadSummary(folder));
            foreach (var r in done) observer?.Evaluated(trial, new LengthResult(r.Length, r.Accuracy, r.Examples, r.TokenAccuracy, r.MeanFirstError));
            return done;
        }
        observer?.TrialStarted(trial);
        var summary = folder.IsTrained
            ? TrialRunner.LoadSummary(folder)
            : TrialRunner.Train(setup, folder, p => observer?.Training(trial, p), cancel, step => observer?.TrialResumed(trial, step));
        observer?.TrialFinished(trial, summary);
        return TrialRunner.Evaluate(setup, folder, trial.Evaluation.LengthsOrDefault, r => observer?.Evaluated(trial, r));
    }
}
