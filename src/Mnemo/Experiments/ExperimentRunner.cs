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
}

/// <summary>Runs every trial of an experiment (train, then evaluate over lengths), <c>parallel</c> at a
/// time, each in its own run folder, and writes OUT/results.csv with every (trial, length).</summary>
public sealed class ExperimentRunner(ExperimentConfig experiment, string outDir)
{
    public string ResultsPath => Path.Combine(outDir, "results.csv");

    public List<ResultRow> Run(IExperimentObserver? observer = null, CancellationToken cancel = default)
    {
        experiment.Validate();
        var trials = experiment.Trials();
        var setups = trials.Select(t => new RunSetup(t)).ToList(); // fail on any bad trial before training starts
        Directory.CreateDirectory(outDir);
        int parallel = Math.Min(experiment.Parallel, trials.Count);
        TorchRuntime.SetThreads(experiment.Training.Threads > 0 ? experiment.Training.Threads : Math.Max(1, Environment.ProcessorCount / parallel));

        var rows = new List<ResultRow>[trials.Count];
        Parallel.For(0, trials.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancel }, i =>
        {
            var trial = trials[i];
            var folder = new RunFolder(Path.Combine(outDir, trial.RunName));
            observer?.TrialStarted(trial);
            var summary = TrialRunner.Train(setups[i], folder, p => observer?.Training(trial, p), cancel);
            observer?.TrialFinished(trial, summary);
            rows[i] = TrialRunner.Evaluate(setups[i], folder, trial.Evaluation.LengthsOrDefault, r => observer?.Evaluated(trial, r));
        });
        var all = rows.SelectMany(r => r).ToList();
        ResultRow.WriteCsv(ResultsPath, all);
        return all;
    }
}
