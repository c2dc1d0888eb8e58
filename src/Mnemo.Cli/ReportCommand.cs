using System.CommandLine;
using Mnemo.Reports;

namespace Mnemo.Cli;

/// <summary><c>mnemo report DIR</c>: report.html with the accuracy plots, tables, attribution maps and
/// reproduce commands of the sweep in DIR, or of every sweep folder in it.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Output folder of mnemo sweep (holds sweep.json), or a folder of them (one section each, by name); unfinished sweeps are reported as far as they got" };
        var output = new Option<string?>("--out") { Description = "Where to write the page (default: DIR/report.html); the PNG and SVG plots go to report-images/ beside it" };
        var command = new Command("report", "Write a self-contained report.html: per sweep, accuracy by length (plot and table, seeds as min–max), training cost, attribution maps and the command and experiment file that produced it; also merges each sweep's results.csv")
        {
            dir, output,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var files = ReportBuilder.Write(parse.GetValue(dir)!, parse.GetValue(output));
            Console.WriteLine($"report: {files.Html}");
            foreach (var image in files.Images) Console.WriteLine($"image:  {image}");
            foreach (var curve in files.Curves)
            {
                Console.WriteLine($"image:  {curve}");
                Console.WriteLine($"image:  {Path.ChangeExtension(curve, ".svg")}");
            }
            return 0;
        }));
        return command;
    }
}
