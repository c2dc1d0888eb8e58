using System.Diagnostics;
using Mnemo.Experiments;

namespace Mnemo.Tests.Reliability;

/// <summary>SIGTERM sent to a parallel sweep alone (not to its process group, as a terminal's Ctrl+C is): the sweep
/// passes it on, each trial saves a checkpoint and stops, and the sweep says how to continue.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class StopSignalTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-stop").FullName;

    public void Dispose() => Directory.Delete(root, true);

    [Fact]
    public async Task SIGTERM_to_a_parallel_sweep_alone_stops_its_trials_at_a_checkpoint()
    {
        var (yaml, dir, folders) = ReliabilityKit.EndlessParallelSweep(root);
        using var sweep = Process.Start(ReliabilityKit.MnemoProcess("sweep", yaml, "--out", dir, "--parallel", "2"))!;
        var stdout = sweep.StandardOutput.ReadToEndAsync();
        var stderr = sweep.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        // both trials past their first checkpoint (every 10 steps)
        while (!folders.All(f => f.IsBusy && File.Exists(f.Checkpoint)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the trials did not reach a checkpoint within 90 s");
            Assert.False(sweep.HasExited, "the sweep ended early");
            Thread.Sleep(100);
        }
        var before = folders.Select(f => File.GetLastWriteTimeUtc(f.Checkpoint)).ToList();

        using (var term = Process.Start("kill", ["-TERM", sweep.Id.ToString()])) term.WaitForExit();

        bool exited = sweep.WaitForExit(60_000);
        if (!exited) sweep.Kill(entireProcessTree: true);
        var (said, complained) = (await stdout, await stderr);
        Assert.True(exited, $"the sweep did not stop within 60 s of SIGTERM:\n{said}\n{complained}");
        Assert.Equal(130, sweep.ExitCode);
        Assert.Contains("stopping after the current step (SIGTERM; kill -9 to stop at once)", complained);
        Assert.Contains($"error: stopped; checkpoints are kept: continue with mnemo sweep {yaml} --out {dir}", complained);
        // each trial stopped by itself: a fresh checkpoint, its folder free, nothing left running
        for (int k = 0; k < folders.Count; k++)
        {
            Assert.False(folders[k].IsBusy);
            Assert.True(File.GetLastWriteTimeUtc(folders[k].Checkpoint) > before[k], $"{folders[k].Path}: no checkpoint written on stopping");
            Assert.False(folders[k].IsFinished);
        }
        var status = ReliabilityKit.Process(root, "sweep", yaml, "--out", dir, "--status");
        Assert.Equal(0, status.Exit);
        Assert.Contains("2 stopped", status.Out);
    }
}
