using Mnemo.Experiments;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Reports;

/// <summary>The real CLI end to end: a tiny sweep with attribution maps, then <c>mnemo report</c> on it.</summary>
[Collection(ReliabilityCollection.Name)]
public class ReportCommandTests
{
    [Fact]
    public void Mnemo_report_on_a_real_tiny_sweep_prints_the_page_and_the_plots()
    {
        var root = Directory.CreateTempSubdirectory("mnemo-report-cli-").FullName;
        try
        {
            var file = Path.Combine(root, "tiny.yaml");
            File.WriteAllText(file, ReliabilityKit.TinyYaml + "\nfigure: Fig 0\ndescription: a tiny sweep\nattribution: {lengths: [6]}\n");
            var dir = Path.Combine(root, "out");
            var sweep = ReliabilityKit.Cli("sweep", file, "--out", dir);
            Assert.True(sweep.Exit == 0, sweep.Err);
            var attribution = Path.Combine(dir, "scratchpad-learned-s0", "attribution", "length-6");
            Assert.NotNull(FocusScoreFile.TryLoad(attribution));

            var (exit, output, error) = ReliabilityKit.Cli("report", dir);

            Assert.True(exit == 0, error);
            var page = Path.Combine(dir, "report.html");
            Assert.Equal([
                $"report: {page}",
                $"image:  {Path.Combine(dir, "report-images", "out-accuracy.png")}",
                $"image:  {Path.Combine(dir, "report-images", "out-accuracy.svg")}",
                .. new[] { "loss", "held-out", "learning-rate" }.SelectMany(chart => new[] { "png", "svg" }
                    .Select(type => $"image:  {Path.Combine(dir, "report-images", $"out-{chart}.{type}")}")),
            ], output.TrimEnd('\n').Split('\n'));
            foreach (var image in output.Split('\n').Where(l => l.StartsWith("image:  ", StringComparison.Ordinal)))
                Assert.True(File.Exists(image["image:  ".Length..]), $"{image} was not written");
            var html = File.ReadAllText(page);
            Assert.Contains("<h2>Fig 0: tiny</h2>", html);
            Assert.Contains($"mnemo sweep {file} --out {dir}", html);
            Assert.Contains("focus on the needed positions:", html);
            Assert.Contains(Mnemo.Reports.Html.PngData(File.ReadAllBytes(Path.Combine(attribution, "attribution.png"))), html);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Mnemo_report_on_a_missing_folder_is_one_line_and_exit_code_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"mnemo-no-such-{Guid.NewGuid():N}");
        var (exit, output, error) = ReliabilityKit.Cli("report", missing);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: {missing}: folder not found\n", error);
    }
}
