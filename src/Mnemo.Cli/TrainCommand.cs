using System.CommandLine;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary><c>mnemo train</c>: one model from one trial of an experiment file.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Experiment file (YAML or JSON) with the settings", Required = true };
        var format = new Option<string?>("--format") { Description = "Which of the file's formats to train (required when it lists several)" };
        var scheme = new Option<string?>("--scheme") { Description = "Positional scheme: learned, sinusoidal, rope, alibi, none (default: the file's)" };
        var seed = new Option<int?>("--seed") { Description = "Model-initialization seed (the data seed is derived from it; default: the file's first)" };
        var output = new Option<string>("--out") { Description = "Run folder to create: config.json, vocab.json, metrics.jsonl, model.safetensors, training.json", Required = true };
        var set = SharedOptions.Set();
        var command = new Command("train", "Train one model (one format, scheme and seed of an experiment file) into a run folder") { config, format, scheme, seed, output, set };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var experiment = ConfigFiles.LoadExperiment(parse.GetValue(config)!, parse.GetValue(set));
            var trial = TrialSelection.Pick(experiment, parse.GetValue(format), parse.GetValue(scheme), parse.GetValue(seed));
            var folder = new RunFolder(parse.GetValue(output)!);
            var setup = new RunSetup(trial);
            Mnemo.Runtime.TorchRuntime.SetThreads(trial.Training.Threads);
            var summary = ConsoleDisplay.Show(display =>
            {
                display.TrialStarted(trial);
                var s = TrialRunner.Train(setup, folder, p => display.Training(trial, p));
                display.TrialFinished(trial, s);
                return s;
            });
            Console.WriteLine($"trained {trial.RunName}: {summary.Steps} steps, {summary.Seconds:0}s, held-out exact {summary.HeldOutExact:P0} → {folder.Path}");
            return 0;
        }));
        return command;
    }
}
