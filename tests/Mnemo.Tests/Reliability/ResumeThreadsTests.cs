using Mnemo.Experiments;
using Mnemo.Runtime;
using TorchSharp;

namespace Mnemo.Tests.Reliability;

/// <summary>One thread policy (Experiments/TrainingThreads): a run stopped while training on one thread
/// continues on one thread, whatever the resuming process would use (a parallel sweep's trial resumed by a
/// sequential rerun), and the process's own count comes back afterwards; <c>mnemo train</c> and
/// <c>mnemo sweep</c> give a process the same count.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ResumeThreadsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-threads").FullName;

    public void Dispose()
    {
        TorchRuntime.SetThreads(1);
        Directory.Delete(root, true);
    }

    [Fact]
    public void A_resumed_run_trains_on_the_thread_count_of_its_checkpoint()
    {
        var run = ReliabilityKit.TinyRun(steps: 30) with { Training = ReliabilityKit.TinyRun(30).Training with { Threads = 0 } };
        var folder = new RunFolder(Path.Combine(root, "run"));
        TorchRuntime.SetThreads(1);
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() =>
                TrialRunner.Train(new RunSetup(run), folder, p => { if (p.Step == 10) cancel.Cancel(); }, cancel.Token));
        Assert.Equal(1, Mnemo.Checkpoints.TrainingCheckpoint.Peek(folder.Checkpoint).Threads);

        TorchRuntime.SetThreads(2);
        var seen = new List<int>();
        TrialRunner.Train(new RunSetup(run), folder, _ => seen.Add(torch.get_num_threads()));

        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal(1, t));
        Assert.Equal(2, torch.get_num_threads());
    }

    [Fact]
    public void A_run_trains_on_the_thread_count_its_config_fixes_whatever_the_process_uses()
    {
        TorchRuntime.SetThreads(2);
        var seen = new List<int>();
        TrialRunner.Train(new RunSetup(ReliabilityKit.TinyRun(steps: 10)), new RunFolder(Path.Combine(root, "fixed")), _ => seen.Add(torch.get_num_threads()));

        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.Equal(1, t));
        Assert.Equal(2, torch.get_num_threads());
    }

    [Theory]
    [InlineData("train", null)]
    [InlineData("sweep", null)]
    [InlineData("train", "1")]
    [InlineData("sweep", "1")]
    public void Mnemo_train_and_mnemo_sweep_give_an_unfixed_run_omp_num_threads_else_every_core(string command, string? omp)
    {
        var yaml = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml.Replace("threads: 1, ", "").Replace("steps: 30", "steps: 10"));
        int expected = omp is null ? Environment.ProcessorCount : 1;
        TorchRuntime.SetThreads(expected == 1 ? 2 : 1);
        string[] args = command == "train" ? ["train", "--config", yaml, "--out", Path.Combine(root, "out")] : ["sweep", yaml, "--out", Path.Combine(root, "out")];
        var before = Environment.GetEnvironmentVariable(TrainingThreads.Variable);
        Environment.SetEnvironmentVariable(TrainingThreads.Variable, omp);
        try
        {
            var (exit, _, err) = ReliabilityKit.Cli(args);
            Assert.True(exit == 0, err);
        }
        finally { Environment.SetEnvironmentVariable(TrainingThreads.Variable, before); }

        Assert.Equal(expected, torch.get_num_threads());
    }
}
