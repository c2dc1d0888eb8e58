using System.Text.RegularExpressions;
using Mnemo.Experiments;
using Mnemo.Experiments.Slurm;
using Mnemo.Tests.Reliability;
using Xunit.Abstractions;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>A real sweep as a real job array: mnemo sweep --slurm --submit on the local cluster, four
/// trials trained by four array tasks (separate mnemo processes), then mnemo report over the folder.</summary>
[Collection("Slurm")]
public sealed class SlurmSweepTests : IDisposable
{
    // beside the test binaries, not in /tmp: on a real cluster only shared filesystems reach every node
    private readonly string _dir = Path.Combine(AppContext.BaseDirectory, "slurm-tests", $"sweep-{Guid.NewGuid():N}");

    public SlurmSweepTests(LocalSlurm cluster, ITestOutputHelper output)
    {
        output.WriteLine(cluster.Setup);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SlurmFact]
    public void A_sweep_submitted_as_a_job_array_trains_every_trial_and_the_report_sees_them_all()
    {
        var yaml = Path.Combine(_dir, "tiny.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 1]") + "\nsweep: {model.d_model: [16, 32]}\n");
        var outDir = Path.Combine(_dir, "out");

        var submitted = ReliabilityKit.Cli("sweep", yaml, "--out", outDir, "--slurm", "--submit", "--time", "10", "--max-concurrent", "2");
        Assert.True(submitted.Exit == 0, submitted.Err);
        Assert.Contains("a job array of 4 trials", submitted.Out);
        var job = Regex.Match(submitted.Out, @"submitted job (\d+)").Groups[1].Value;
        Assert.Contains("#SBATCH --array=0-3%2", File.ReadAllText(Path.Combine(outDir, "slurm", "sweep.sbatch")));

        var states = new SlurmClient().Wait(job, TimeSpan.FromMinutes(3));
        Assert.Equal(Enumerable.Range(0, 4).ToDictionary(i => i, _ => "COMPLETED"), states.Tasks);

        var status = ReliabilityKit.Cli("sweep", yaml, "--out", outDir, "--status");
        Assert.Contains("tiny: 4 trials: 4 finished", status.Out);
        Assert.Contains($"slurm job {job}: 0 pending, 0 running, 4 completed, 0 failed", status.Out);

        var report = ReliabilityKit.Cli("report", outDir);
        Assert.True(report.Exit == 0, report.Err);
        var rows = ResultRow.TryReadCsv(Path.Combine(outDir, "results.csv"))!;
        Assert.Equal(4, rows.Select(r => (r.Seed, r.Axes["d_model"])).Distinct().Count());
        Assert.Equal(4 * 2, rows.Count);
        var page = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("d_model=16", page);
        Assert.Contains("d_model=32", page);
    }

    [SlurmFact]
    public void The_status_of_a_sweep_split_into_several_arrays_follows_every_array()
    {
        var yaml = Path.Combine(_dir, "tiny.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 1]") + "\nsweep: {model.d_model: [16, 32]}\n");
        var outDir = Path.Combine(_dir, "split");
        // the local cluster's own limit (1001) would need a sweep of 1002 trials: this client says 3, and
        // passes every other command to the real Slurm
        var limitedTo3 = new SlurmClient((program, arguments) => program == "scontrol"
            ? new CommandResult(0, "MaxArraySize            = 3\n", "")
            : ExternalCommand.Run(program, arguments, TimeSpan.FromSeconds(60)));
        var runner = new ExperimentRunner(ConfigFiles.LoadExperiment(yaml), outDir);

        var submission = SlurmSweep.Write(runner, outDir, new SlurmOptions { JobName = "split", Time = "10" },
            [Path.Combine(AppContext.BaseDirectory, "mnemo")], [yaml, "--out", outDir], limitedTo3);

        Assert.Equal(2, submission.JobIds.Count);
        Assert.Equal(submission.JobIds, SlurmSweep.LatestJobs(outDir));
        var client = new SlurmClient();
        Assert.Equal(Enumerable.Range(0, 3).ToDictionary(i => i, _ => "COMPLETED"), client.Wait(submission.JobIds[0], TimeSpan.FromMinutes(3)).Tasks);
        Assert.Equal(new Dictionary<int, string> { [0] = "COMPLETED" }, client.Wait(submission.JobIds[1], TimeSpan.FromMinutes(3)).Tasks);

        var status = ReliabilityKit.Cli("sweep", yaml, "--out", outDir, "--status");
        Assert.True(status.Exit == 0, status.Err);
        Assert.Contains("tiny: 4 trials: 4 finished", status.Out);
        Assert.Contains($"slurm job {submission.JobIds[0]}: 0 pending, 0 running, 3 completed, 0 failed", status.Out);
        Assert.Contains($"slurm job {submission.JobIds[1]}: 0 pending, 0 running, 1 completed, 0 failed", status.Out);
    }
}
