using System.CommandLine;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary><c>mnemo predict</c>: a trained model's answer to problems the user writes.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder written by mnemo train or mnemo run", Required = true };
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Problems to answer: the symbols of a parity, copy or reverse problem, e.g. \"1 0 1 1\" or 1011",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var file = new Option<string?>("--file") { Description = "Read the problems from this file, one per line (blank lines and lines starting with # skipped)" };
        var seed = new Option<int>("--seed") { Description = "Seed that draws each example's anchors and positions", DefaultValueFactory = _ => 0 };
        var attribution = new Option<bool>("--attribution") { Description = "Also draw each input's attribution and attention maps into RUN/attribution/input-SYMBOLS (shown by mnemo report)" };
        var force = new Option<bool>("--force") { Description = "With --attribution: redraw maps into folders that hold some already" };
        var command = new Command("predict", "Decode a trained model's answer to problems you write, with forced tokens marked and the answer checked")
            { run, inputs, file, seed, attribution, force };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var all = new List<string>(parse.GetValue(inputs) ?? []);
            if (parse.GetValue(file) is { } path)
            {
                if (!File.Exists(path)) throw new MnemoException($"--file: {path}: file not found");
                all.AddRange(File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }
            var predictions = RunPrediction.Run(parse.GetValue(run)!, all, parse.GetValue(seed), parse.GetValue(attribution), parse.GetValue(force));
            foreach (var p in predictions) Print(p);
            int correct = predictions.Count(p => p.Correct);
            // the legend only where a mark was printed: most formats force nothing
            var legend = predictions.Any(p => p.Forced.Contains(true)) ? "; [x]: inserted by the environment (forced), not written by the model" : "";
            Console.WriteLine($"{correct} of {predictions.Count} correct{legend}");
            return 0;
        }, (RunPrediction.Inputs, inputs), (InputName.Force, force)));
        return command;
    }

    private static void Print(Prediction p)
    {
        Console.WriteLine($"input     {p.Input}");
        Console.WriteLine($"prompt    {string.Join(' ', p.Prompt)}");
        var output = p.Output.Select((t, i) => p.Forced[i] ? $"[{t}]" : t).Append(p.Ended ? "<end>" : "…");
        Console.WriteLine($"model     {string.Join(' ', output)}");
        Console.WriteLine($"expected  {string.Join(' ', p.Expected)}");
        var verdict = p.Correct ? "correct"
            : p.FirstError < p.Expected.Count ? $"wrong from output token {p.FirstError} (0-based)"
            : p.Ended ? "wrong: longer than the answer" : "wrong: did not stop";
        Console.WriteLine($"verdict   {verdict}");
        if (p.Maps is { } maps) Console.WriteLine($"maps      {maps}");
        Console.WriteLine();
    }
}
