using System.CommandLine;
using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Training;

namespace Mnemo.Cli;

/// <summary><c>mnemo run FILE</c>: every trial of an experiment file, then the accuracy table. On an output
/// folder of an earlier, stopped run of the same file it skips finished trials and continues the others.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Experiment file (YAML or JSON), e.g. experiments/quickstart.yaml" };
        var output = new Option<string?>("--out") { Description = "Output folder: one run folder per trained model, plus results.csv (default: runs/<experiment name>); run again on the same folder to continue a stopped experiment" };
        var set = SharedOptions.Set();
        var command = new Command("run", "Train and evaluate every trial of an experiment file (formats × schemes × seeds), write results.csv and print the accuracy-by-length table; continues a stopped run in the same output folder") { file, output, set };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var config = ConfigFiles.LoadExperiment(parse.GetValue(file)!, parse.GetValue(set));
            var dir = parse.GetValue(output) ?? Path.Combine("runs", config.Name);
            var runner = new ExperimentRunner(config, dir);
            var rows = CliErrors.WithCtrlC(cancel => ConsoleDisplay.Show(display => runner.Run(new ResumeNotes(display), cancel)));
            ResultsView.Print(rows);
            Console.WriteLine($"results: {runner.ResultsPath}");
            return 0;
        }));
        return command;
    }

    /// <summary>Forwards to the display, and says which trials were skipped or resumed.</summary>
    private sealed class ResumeNotes(IExperimentObserver display) : IExperimentObserver
    {
        public void TrialStarted(RunConfig trial) => display.TrialStarted(trial);
        public void Training(RunConfig trial, TrainingProgress progress) => display.Training(trial, progress);
        public void Evaluated(RunConfig trial, LengthResult result) => display.Evaluated(trial, result);
        public void TrialFinished(RunConfig trial, TrainingSummary summary) => display.TrialFinished(trial, summary);
        public void TrialResumed(RunConfig trial, int step) => Console.WriteLine($"[{trial.RunName}] resuming from the checkpoint at step {step}");
        public void TrialSkipped(RunConfig trial) => Console.WriteLine($"[{trial.RunName}] finished earlier: reusing its results");
    }
}
