using System.CommandLine;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary><c>mnemo eval</c>: accuracy per length of a trained run folder.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder written by mnemo train or mnemo run", Required = true };
        var lengths = SharedOptions.Lengths();
        var examples = new Option<int?>("--examples") { Description = "Examples per length (default: the run's evaluation.examples_per_length)" };
        var command = new Command("eval", "Evaluate a trained run by greedy decoding at each length; prints the table and writes RUN/results.csv") { run, lengths, examples };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var folder = RunFolder.Existing(parse.GetValue(run)!);
            var config = ConfigFiles.LoadRun(folder.Config);
            if (parse.GetValue(examples) is { } n)
                config = config with { Evaluation = config.Evaluation with { ExamplesPerLength = n } };
            var chosen = parse.GetValue(lengths) ?? config.Evaluation.LengthsOrDefault.ToArray();
            config = config with { Evaluation = config.Evaluation with { Lengths = chosen.ToList() } };
            var setup = new RunSetup(config);
            var rows = TrialRunner.Evaluate(setup, folder, chosen,
                r => Console.WriteLine($"length {r.Length}: exact match {r.Accuracy:P1} of {r.Examples}"));
            ResultsView.Print(rows);
            Console.WriteLine($"results: {folder.Results}");
            return 0;
        }));
        return command;
    }
}
