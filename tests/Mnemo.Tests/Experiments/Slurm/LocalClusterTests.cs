using Mnemo.Experiments.Slurm;
using Xunit.Abstractions;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>Real job arrays on a real Slurm: the rendered script, the submission and the task states.
/// The command stands in for mnemo and writes down the arguments it received.</summary>
[Collection("Slurm")]
public sealed class LocalClusterTests : IDisposable
{
    // Beside the test binaries rather than in /tmp: on a real cluster the tasks run on other nodes,
    // which share the home or project filesystem, not /tmp.
    private readonly string _dir = Path.Combine(AppContext.BaseDirectory, "slurm-tests", $"it's {Guid.NewGuid():N}");
    private readonly SlurmClient _client = new();

    public LocalClusterTests(LocalSlurm cluster, ITestOutputHelper output)
    {
        output.WriteLine(cluster.Setup);
        Directory.CreateDirectory(Path.Combine(_dir, "slurm"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Submit(string command, IReadOnlyList<string> sweepArgs, int tasks)
    {
        var script = SbatchScript.Render(new SlurmOptions { JobName = "mnemo test's", Time = "5" }, tasks, _dir,
            Path.Combine(_dir, "slurm"), ["/bin/sh", "-c", command], sweepArgs);
        var path = Path.Combine(_dir, "sweep.sbatch");
        File.WriteAllText(path, script);
        return _client.Submit(path);
    }

    [SlurmFact]
    public void Each_task_runs_its_trial_in_the_working_folder_with_the_arguments_intact()
    {
        // sh -c 'SCRIPT' sweep ARGS --trial N: sh gets "sweep" as $0 and the rest as $@.
        var job = Submit("printf '%s\\n' \"$0\" \"$@\" \"$OMP_NUM_THREADS\" > \"task $SLURM_ARRAY_TASK_ID.txt\"",
            ["it's a file.yaml", "--set", "name=\"x y\""], tasks: 2);

        var status = _client.Wait(job, TimeSpan.FromMinutes(2));

        Assert.Equal(new Dictionary<int, string> { [0] = "COMPLETED", [1] = "COMPLETED" }, status.Tasks);
        for (var task = 0; task < 2; task++)
        {
            Assert.Equal(["sweep", "it's a file.yaml", "--set", "name=\"x y\"", "--trial", $"{task}", "1"],
                File.ReadAllLines(Path.Combine(_dir, $"task {task}.txt")));
            Assert.True(File.Exists(Path.Combine(_dir, "slurm", $"{job}_{task}.out")), $"no Slurm log of task {task}");
        }
    }

    [SlurmFact]
    public void A_failing_task_is_reported_failed_and_the_others_completed()
    {
        var job = Submit("exit $(( SLURM_ARRAY_TASK_ID == 1 ))", [], tasks: 3);

        var status = _client.Wait(job, TimeSpan.FromMinutes(2));

        Assert.Equal(new Dictionary<int, string> { [0] = "COMPLETED", [1] = "FAILED", [2] = "COMPLETED" }, status.Tasks);
    }
}
