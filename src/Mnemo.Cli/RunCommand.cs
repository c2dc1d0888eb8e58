using System.CommandLine;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary><c>mnemo run FILE</c>: every trial of an experiment file, then the accuracy table.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Experiment file (YAML or JSON), e.g. experiments/quickstart.yaml" };
        var output = new Option<string?>("--out") { Description = "Output folder: one run folder per trained model, plus results.csv (default: runs/<experiment name>)" };
        var set = SharedOptions.Set();
        var command = new Command("run", "Train and evaluate every trial of an experiment file (formats × schemes × seeds), write results.csv and print the accuracy-by-length table") { file, output, set };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var config = ConfigFiles.LoadExperiment(parse.GetValue(file)!, parse.GetValue(set));
            var dir = parse.GetValue(output) ?? Path.Combine("runs", config.Name);
            var runner = new ExperimentRunner(config, dir);
            var rows = ConsoleDisplay.Show(display => runner.Run(display));
            ResultsView.Print(rows);
            Console.WriteLine($"results: {runner.ResultsPath}");
            return 0;
        }));
        return command;
    }
}
