using System.CommandLine;
using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Cli;

/// <summary><c>mnemo generate</c>: export a dataset of one task in one format as JSON lines.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var defaults = new FormatOptions();
        var task = new Option<string>("--task") { Description = $"Task: {string.Join(", ", TaskRegistry.Names)}", Required = true };
        var format = new Option<string>("--format") { Description = "Format of the task, e.g. scratchpad, anchors, anchors-nonaligned, plain (see docs/formats.md)", Required = true };
        var spacing = new Option<int>("--spacing") { Description = "Anchor formats: an anchor only before items 1, 1+k, 1+2k, …", DefaultValueFactory = _ => defaults.Spacing };
        var operandDigits = new Option<string>("--operand-digits")
        {
            Description = "Addition: how the operands' digit counts are drawn: one_full (one operand has n digits, the other 1..n, uniform) or equal (both n digits), as task_options.operand_digits",
            DefaultValueFactory = _ => "one_full",
        }.AcceptOnlyFromAmong("one_full", "equal");
        var zeroPad = new Option<bool>("--zero-pad") { Description = "Addition: left-pad both operands with zeros to the longer one's digit count" };
        var forced = new Option<bool>("--forced") { Description = "Environment forcing: the target's anchors (interleaved: its copied bits) are supplied by the environment" };
        var cycle = new Option<int>("--cycle") { Description = "anchors-cyclic: the cycle length c (anchors M0..M{c-1})", DefaultValueFactory = _ => defaults.Cycle };
        var pool = new Option<int>("--pool") { Description = "Random anchors are drawn from M0..M{pool-1} (anchors-numeric: the largest index)", DefaultValueFactory = _ => defaults.AnchorPool };
        var minLength = new Option<int>("--min-length") { Description = "Shortest length (bits, digits of the longer operand, or symbols)", Required = true };
        var maxLength = new Option<int>("--max-length") { Description = "Longest length; each example's length is uniform in [min, max]", Required = true };
        var count = new Option<int>("--count") { Description = "Number of examples", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same file, byte for byte", Required = true };
        var output = new Option<string>("--out") { Description = "Output file (JSON lines: task, format, length, operands, prompt, target, forced)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists (otherwise that is refused)" };
        var command = new Command("generate", "Write a dataset of one task in one format as JSON lines, one example per line")
        {
            task, format, operandDigits, spacing, zeroPad, forced, cycle, pool, minLength, maxLength, count, seed, output, force,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var options = new FormatOptions
            {
                Spacing = parse.GetValue(spacing), ZeroPad = parse.GetValue(zeroPad), Forced = parse.GetValue(forced),
                Cycle = parse.GetValue(cycle), AnchorPool = parse.GetValue(pool),
            };
            var request = new DatasetRequest(parse.GetValue(task)!, parse.GetValue(format)!, options,
                parse.GetValue(minLength), parse.GetValue(maxLength), parse.GetValue(count), parse.GetValue(seed),
                new TaskOptions { OperandDigits = parse.GetValue(operandDigits) == "equal" ? OperandDigits.Equal : OperandDigits.OneFull });
            var path = parse.GetValue(output)!;
            Mnemo.Experiments.MemoryEstimate.CheckExample(request.Task, request.MaxLength, options.AnchorPool);
            DatasetWriter.Write(request, path, parse.GetValue(force));
            Console.WriteLine($"wrote {request.Count} {request.Task} example{(request.Count == 1 ? "" : "s")} in format {request.Format} → {path}");
            return 0;
        }, (TaskRegistry.Input, task), (FormatRegistry.Input, format), (DatasetRequest.Inputs.MinLength, minLength), (DatasetRequest.Inputs.MaxLength, maxLength), (DatasetRequest.Inputs.Count, count),
            (FormatOptions.Inputs.AnchorPool, pool), (FormatOptions.Inputs.Spacing, spacing), (FormatOptions.Inputs.Cycle, cycle),
            (InputName.Output, output), (InputName.Force, force)));
        return command;
    }
}
