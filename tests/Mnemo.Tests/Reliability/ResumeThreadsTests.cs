using Mnemo.Experiments;
using Mnemo.Runtime;
using TorchSharp;

namespace Mnemo.Tests.Reliability;

/// <summary>A run stopped while training on one thread continues on one thread, whatever the resuming
/// process would use (a parallel sweep's trial resumed by a sequential rerun), and the process's own count
/// comes back afterwards.</summary>
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
}
