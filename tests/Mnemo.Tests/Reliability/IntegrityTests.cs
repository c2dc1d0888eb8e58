using Mnemo.Experiments;
using Mnemo.Reports;

namespace Mnemo.Tests.Reliability;

/// <summary>A trial whose results.csv cannot be read is never called finished: --status and the report say
/// which one it is and what to do.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class IntegrityTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-integrity").FullName;

    public void Dispose() => Directory.Delete(root, true);

    [Fact]
    public void A_trial_with_a_corrupt_results_csv_is_unreadable_not_finished()
    {
        var yaml = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 1]") + "\nparallel: 1\n");
        var dir = Path.Combine(root, "sweep");
        var run = ReliabilityKit.Cli("sweep", yaml, "--out", dir);
        Assert.True(run.Exit == 0, run.Err);
        File.WriteAllText(Path.Combine(dir, "scratchpad-learned-s1", "results.csv"), "task,format\nparity,scr");

        var sweep = SweepFolder.Open(dir);
        Assert.Equal([TrialState.Finished, TrialState.Unreadable], sweep.Manifest.Trials.Select(sweep.State));
        Assert.Equal("1 of 2 trials finished (1 results.csv unreadable: run the sweep again to re-evaluate)", new SweepProgress(sweep).Status());
        var status = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--status");
        Assert.Contains("scratchpad-learned-s1  results.csv unreadable", status.Out);

        var report = ReliabilityKit.Cli("report", dir);
        Assert.True(report.Exit == 0, report.Err);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("1 of 2 trials finished", html);
        Assert.DoesNotContain("all 2 trials finished", html, StringComparison.OrdinalIgnoreCase);
    }
}
