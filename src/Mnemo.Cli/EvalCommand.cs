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
        var output = new Option<string?>("--out")
        {
            Description = "CSV file for the results (default: RUN/eval/lengths-L1-L2-….examples-N.csv; RUN/results.csv, the run's own evaluation, is never touched unless named here)",
        };
        var force = new Option<bool>("--force") { Description = "Replace the results file if it exists (otherwise that is refused)" };
        var command = new Command("eval", "Evaluate a trained run by greedy decoding at each length; prints the table and writes RUN/eval/lengths-….examples-N.csv")
            { run, lengths, examples, output, force };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var (rows, results) = RunEvaluation.Run(parse.GetValue(run)!, parse.GetValue(lengths), parse.GetValue(examples),
                r => Console.WriteLine($"length {r.Length}: exact match {r.Accuracy:P1} of {r.Examples}"), parse.GetValue(output), parse.GetValue(force));
            ResultsView.Print(rows);
            Console.WriteLine($"results: {results}");
            return 0;
        }, (RunEvaluation.Inputs.Lengths, lengths), (RunEvaluation.Inputs.Examples, examples), (InputName.Output, output), (InputName.Force, force)));
        return command;
    }
}
