using System.CommandLine;
using Mnemo.Attribution;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary><c>mnemo attribute</c>: where a trained model looks, as gradient × input and attention maps.</summary>
public static class AttributeCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder written by mnemo train or mnemo run", Required = true };
        var length = new Option<int>("--length") { Description = "Length of the example (bits, digits of the longer operand, symbols)", Required = true };
        var format = new Option<string?>("--format") { Description = "Render the example in this format of the run's task (default: the run's; its tokens must be in the run's vocabulary)" };
        var seed = new Option<int>("--seed") { Description = "Seed that draws the example, its anchors and positions", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out")
        {
            Description = "Folder for attribution.png, attribution.csv, attention-L*-H*.png and focus.json (default: RUN/attribution/length-N, with any non-default --format, --seed, --teacher-forced, --method added to the name; mnemo report shows these maps)",
        };
        var force = new Option<bool>("--force") { Description = "Redraw maps into a folder that holds some already, or write them into a folder of your own (none of its files is replaced); otherwise both are refused" };
        var teacherForced = new Option<bool>("--teacher-forced") { Description = "Attribute the correct target instead of the model's greedy decoding" };
        var method = new Option<string>("--method") { Description = "grad-x-input: gradient × input embedding, summed over the hidden dimension; grad-norm: L2 norm of the gradient", DefaultValueFactory = _ => GradientTimesInput.MethodName };
        method.AcceptOnlyFromAmong([.. AttributionMethods.Names]);
        var command = new Command("attribute", "Draw which context tokens each output token depends on (gradient × input) and the attention maps for one example; prints the focus score")
        {
            run, length, format, seed, output, teacherForced, method, force,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var report = RunAttribution.Run(new AttributionRequest(
                parse.GetValue(run)!, parse.GetValue(length), parse.GetValue(format), parse.GetValue(seed),
                parse.GetValue(output), parse.GetValue(teacherForced), parse.GetValue(method)!, parse.GetValue(force)));
            Print(report);
            return 0;
        }, (AttributionRequest.Inputs.Length, length), (AttributionRequest.Inputs.Format, format), (AttributionRequest.Inputs.Method, method),
            (AttributionRequest.Inputs.TeacherForced, teacherForced), (InputName.Output, output), (InputName.Force, force)));
        return command;
    }

    private static void Print(AttributionReport report)
    {
        var example = report.Example;
        Console.WriteLine($"example   {report.Format}, length {example.Instance.Length}: {example.Formatted}");
        if (example.Decoded is { } decoded)
        {
            var verdict = decoded.Matches(example.Encoded) ? "correct" : $"wrong from output token {decoded.FirstError(example.Encoded)}";
            Console.WriteLine($"decoded   {report.Text(decoded.Tokens)}  ({verdict})");
        }
        else Console.WriteLine("outputs   teacher-forced: the correct target");
        Console.WriteLine($"method    {report.Map.Method}: {report.Map.Rows} context tokens × {report.Map.Columns} output tokens");
        if (report.Focus is { } focus)
        {
            Console.WriteLine($"focus     share of |attribution| on the needed positions, per output token the model writes:");
            Console.WriteLine($"          inside the trained length (≤ {report.TrainedLength}): {Share(focus.Inside)} over {focus.InsideCount} tokens");
            Console.WriteLine($"          beyond it: {Share(focus.Outside)} over {focus.OutsideCount} tokens; all: {Share(focus.All)}");
        }
        else Console.WriteLine($"focus     n/a: format {report.Format} declares no needed positions");
        foreach (var file in report.Files) Console.WriteLine($"wrote     {file}");
    }

    private static string Share(double value) => double.IsNaN(value) ? "n/a" : value.ToString("P1");
}
