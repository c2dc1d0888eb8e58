using System.Text.Json;
using Mnemo.Experiments;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Experiments;

[Collection(ReliabilityCollection.Name)]
public sealed class SweepRunTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-sweep").FullName;

    public void Dispose() => Directory.Delete(root, true);

    private string Yaml()
    {
        var path = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(path, ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 1]") + "\nsweep: {model.d_model: [16, 32]}\n");
        return path;
    }

    [Fact]
    public void One_trial_runs_alone_the_status_says_so_and_the_full_sweep_reuses_it()
    {
        var yaml = Yaml();
        var dir = Path.Combine(root, "out");
        var one = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--trial", "2");
        Assert.True(one.Exit == 0, one.Err);
        var manifest = SweepManifest.Load(dir);
        Assert.Equal(["scratchpad-learned-d_model16-s0", "scratchpad-learned-d_model16-s1", "scratchpad-learned-d_model32-s0", "scratchpad-learned-d_model32-s1"],
            manifest.Trials.Select(t => t.Run));
        Assert.Equal(["d_model"], manifest.Axes);
        Assert.Contains("--trial 2", manifest.Command);
        var sweep = SweepFolder.Open(dir);
        Assert.Equal([TrialState.Pending, TrialState.Pending, TrialState.Finished, TrialState.Pending], manifest.Trials.Select(sweep.State));
        Assert.False(File.Exists(Path.Combine(dir, "results.csv"))); // merging is left to whoever runs last: report or a full sweep
        Assert.Equal(32, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, manifest.Trials[2].Run, "config.json"))).RootElement.GetProperty("model").GetProperty("d_model").GetInt32());

        var status = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--status");
        Assert.Equal(0, status.Exit);
        Assert.Contains("tiny: 4 trials: 1 finished, 0 trained (not yet evaluated), 0 stopped (continues from its checkpoint), 0 running, 3 pending", status.Out);

        var all = ReliabilityKit.Cli("sweep", yaml, "--out", dir);
        Assert.True(all.Exit == 0, all.Err);
        Assert.Contains("[scratchpad-learned-d_model32-s0] finished earlier", all.Out);
        var rows = ResultRow.TryReadCsv(Path.Combine(dir, "results.csv"))!;
        Assert.Equal(4 * 2, rows.Count);
        Assert.Equal(["16", "16", "16", "16", "32", "32", "32", "32"], rows.Select(r => r.Axes["d_model"]));
        Assert.Equal(rows, SweepFolder.Open(dir).Results());
    }

    [Fact]
    public void A_trial_number_outside_the_sweep_is_refused_before_anything_is_written()
    {
        var dir = Path.Combine(root, "none");
        var r = ReliabilityKit.Cli("sweep", Yaml(), "--out", dir, "--trial", "4");
        Assert.Equal(2, r.Exit);
        Assert.Equal("error: --trial 4: the sweep has 4 trials, numbered 0 to 3", r.Err.Trim());
        Assert.False(Directory.Exists(dir));
        var status = ReliabilityKit.Cli("sweep", Yaml(), "--out", dir, "--status");
        Assert.Equal(2, status.Exit);
        Assert.Contains("not a sweep folder", status.Err);
    }

    [Fact]
    public void Slurm_without_submit_writes_a_job_array_script_that_reruns_this_sweep_trial_by_trial()
    {
        var yaml = Yaml();
        var dir = Path.Combine(root, "array");
        var r = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--slurm", "--cpus", "2", "--time", "1:00:00", "--set", "training.steps=20");
        Assert.True(r.Exit == 0, r.Err);
        var script = File.ReadAllText(Path.Combine(dir, "slurm", "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script);
        Assert.Contains("#SBATCH --time=1:00:00\n", script);
        Assert.Contains($" sweep {yaml} --out {dir} --set training.steps=20 --trial \"$SLURM_ARRAY_TASK_ID\"\n", script);
        Assert.Contains($"submit it with: sbatch {Path.Combine(dir, "slurm", "sweep.sbatch")}", r.Out);
        Assert.Equal(4, SweepManifest.Load(dir).Trials.Count); // checked and described before handing over
        Assert.Equal(["slurm"], Directory.EnumerateDirectories(dir).Select(Path.GetFileName)); // nothing trained here
    }
}
