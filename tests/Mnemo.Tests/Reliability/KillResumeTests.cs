using System.Diagnostics;
using Mnemo.Checkpoints;
using Mnemo.Experiments;
using Xunit.Abstractions;

namespace Mnemo.Tests.Reliability;

/// <summary>The real thing: the built <c>mnemo</c> trains in a child process, is killed with SIGKILL in the
/// middle of training, and <c>mnemo train --resume</c> finishes the run. Measured on libtorch 2.10 CPU
/// with one thread: the resumed model is bitwise equal to that of an uninterrupted run (tolerance 0), and
/// so is the training curve.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KillResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-kill").FullName;

    public void Dispose() => Directory.Delete(root, true);

    private const string Yaml = """
        name: kill
        task: parity
        formats: [scratchpad]
        seeds: [0]
        model: {layers: 1, d_model: 32, heads: 2, mlp_width: 64}
        training: {min_length: 2, max_length: 5, steps: 400, batch_size: 16, warmup_steps: 10, eval_every: 100, eval_examples: 32, stop_after_perfect_checks: 0, log_every: 10, threads: 1, checkpoint_every: 20, learning_rate: 0.003}
        evaluation: {lengths: [3, 6], examples_per_length: 16}
        """;

    private static ProcessStartInfo Mnemo(params string[] args) => ReliabilityKit.MnemoProcess(args);

    private (int Exit, string Out, string Err) RunToEnd(params string[] args)
    {
        using var p = Process.Start(Mnemo(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "mnemo did not finish within 120 s");
        output.WriteLine($"mnemo {string.Join(' ', args)} → {p.ExitCode}\n{stdout.Result}{stderr.Result}");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_run_killed_with_SIGKILL_mid_training_resumes_to_the_same_parameters_as_an_uninterrupted_run()
    {
        var yaml = Path.Combine(root, "kill.yaml");
        File.WriteAllText(yaml, Yaml);
        var killed = new RunFolder(Path.Combine(root, "killed"));

        using (var child = Process.Start(Mnemo("train", "--config", yaml, "--out", killed.Path))!)
        {
            _ = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(killed.Checkpoint) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(5);
            Thread.Sleep(150); // somewhere after the first checkpoint: in a step, a log line or the next checkpoint
            Assert.False(child.HasExited, "training ended before it could be killed; make the run longer");
            child.Kill(); // SIGKILL on Linux
            child.WaitForExit();
        }
        Assert.False(killed.IsTrained);
        var checkpoint = TrainingCheckpoint.Peek(killed.Checkpoint);
        int killedAt = checkpoint.Step;
        Assert.Equal(1, checkpoint.Threads); // recorded, so that a resume uses the same count
        output.WriteLine($"killed with the last checkpoint at step {killedAt}");
        Assert.InRange(killedAt, 20, 380);

        var resumed = RunToEnd("train", "--resume", killed.Path);
        Assert.Equal(0, resumed.Exit);
        Assert.Contains($"resuming from the checkpoint at step {killedAt}", resumed.Out);

        var straight = new RunFolder(Path.Combine(root, "straight"));
        Assert.Equal(0, RunToEnd("train", "--config", yaml, "--out", straight.Path).Exit);

        var expected = ReliabilityKit.TensorBytes(straight.Model);
        var actual = ReliabilityKit.TensorBytes(killed.Model);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"tensor {name} differs after resume");
        Assert.Equal(ResumeTests.Curve(straight.Metrics), ResumeTests.Curve(killed.Metrics));
        Assert.Equal(File.ReadAllLines(killed.Metrics).Length, JsonLines.ReadComplete(killed.Metrics).Count); // no broken line
    }
}
