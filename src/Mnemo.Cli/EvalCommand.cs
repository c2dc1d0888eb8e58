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
            // the model is built exactly as it was trained (its position table was sized from the run's own
            // evaluation settings); the lengths and example count asked for here only choose what is measured
            var evaluation = config.Evaluation;
            if (parse.GetValue(examples) is { } n) evaluation = evaluation with { ExamplesPerLength = n };
            if (parse.GetValue(lengths) is { Length: > 0 } chosen) evaluation = evaluation with { Lengths = chosen.ToList() };
            try { (config with { Evaluation = evaluation }).Validate(); }
            catch (MnemoException e)
            {
                throw new MnemoException($"{(e.Message.StartsWith("evaluation.examples", StringComparison.Ordinal) ? "--examples" : "--lengths")}: {e.Message}");
            }
            var setup = new RunSetup(config);
            var rows = TrialRunner.Evaluate(setup, folder, evaluation,
                r => Console.WriteLine($"length {r.Length}: exact match {r.Accuracy:P1} of {r.Examples}"));
            ResultsView.Print(rows);
            Console.WriteLine($"results: {folder.Results}");
            return 0;
        }));
        return command;
    }
}
