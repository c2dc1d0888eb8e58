using System.Text.Json;
using Mnemo.Checkpoints;
using Mnemo.Experiments;
using Mnemo.Runtime;

namespace Mnemo.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public sealed class ResumeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-resume").FullName;

    public ResumeTests() => TorchRuntime.SetThreads(1);

    public void Dispose() => Directory.Delete(root, true);

    /// <summary>(step, loss, learning rate, held-out exact) of every line: the curve without its timings.</summary>
    public static List<string> Curve(string metrics) =>
        JsonLines.ReadComplete(metrics).Select(e => string.Join(' ', e.GetProperty("step").GetInt32(), e.GetProperty("loss").GetDouble().ToString("R"),
            e.GetProperty("learning_rate").GetDouble().ToString("R"), e.GetProperty("held_out_exact").ToString())).ToList();

    private RunFolder TrainStraight(string name, int steps)
    {
        var folder = new RunFolder(Path.Combine(root, name));
        TrialRunner.Train(new RunSetup(ReliabilityKit.TinyRun(steps)), folder);
        return folder;
    }

    /// <summary>Trains until the report of <paramref name="stopAt"/>, then cancels: the trainer writes a checkpoint and throws.</summary>
    private RunFolder TrainStopped(string name, int steps, int stopAt)
    {
        var folder = new RunFolder(Path.Combine(root, name));
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TrialRunner.Train(new RunSetup(ReliabilityKit.TinyRun(steps)), folder, p => { if (p.Step == stopAt) cancel.Cancel(); }, cancel.Token));
        Assert.False(folder.IsTrained);
        Assert.Equal(stopAt, TrainingCheckpoint.Peek(folder.Checkpoint).Step);
        return folder;
    }

    [Fact]
    public void A_resume_may_lower_the_learning_rate_from_the_checkpoint_on_recorded_in_the_run_and_nothing_else()
    {
        var plain = TrainStopped("plain", 30, stopAt: 10);
        var lowered = TrainStopped("lowered", 30, stopAt: 10);
        var config = File.ReadAllBytes(lowered.Config);

        // what the checkpoint was trained as cannot change: refused, nothing written
        var before = ReliabilityKit.Fingerprint(lowered.Path);
        var refused = ReliabilityKit.Cli("train", "--resume", lowered.Path, "--set", "training.learning_rate=0.001", "--set", "model.d_model=64");
        Assert.Equal(2, refused.Exit);
        Assert.Equal("error: --set: model.d_model: cannot change when a run resumes (the checkpoint was trained with it; start a new run to change it); what can change: training.learning_rate, training.grad_clip, training.steps",
            refused.Err.TrimEnd('\n'));
        Assert.Equal(before, ReliabilityKit.Fingerprint(lowered.Path));
        refused = ReliabilityKit.Cli("train", "--resume", lowered.Path, "--set", "training.steps=10");
        Assert.Equal("error: --set: training.steps: 10 is not beyond step 10, where the checkpoint stands; give more steps", refused.Err.TrimEnd('\n'));
        Assert.Equal(before, ReliabilityKit.Fingerprint(lowered.Path));

        var same = ReliabilityKit.Cli("train", "--resume", plain.Path);
        var changed = ReliabilityKit.Cli("train", "--resume", lowered.Path, "--set", "training.learning_rate=0.001");

        Assert.True(same.Exit == 0, same.Err);
        Assert.True(changed.Exit == 0, changed.Err);
        Assert.Contains("training.learning_rate: 0.003 → 0.001 from the checkpoint on (recorded in changes.jsonl)", changed.Out);
        Assert.Contains("resuming from the checkpoint at step 10", changed.Out);
        Assert.Equal("""{"step":10,"field":"training.learning_rate","from":0.003,"to":0.001}""", File.ReadAllText(Path.Combine(lowered.Path, "changes.jsonl")).TrimEnd('\n'));
        Assert.False(File.Exists(Path.Combine(plain.Path, "changes.jsonl")));
        Assert.Equal(config, File.ReadAllBytes(lowered.Config)); // the run's identity is what it was started as
        // the same curve up to the checkpoint, then the lower rate: a third of the plain run's at every later step
        var (curveSame, curveChanged) = (Curve(plain.Metrics), Curve(lowered.Metrics));
        Assert.Equal(curveSame.TakeWhile(l => int.Parse(l.Split(' ')[0]) <= 10), curveChanged.TakeWhile(l => int.Parse(l.Split(' ')[0]) <= 10));
        var rates = (Rates(plain.Metrics), Rates(lowered.Metrics));
        Assert.All(rates.Item1.Keys.Where(step => step > 10), step => Assert.Equal(rates.Item1[step] / 3, rates.Item2[step], 1e-12));
        Assert.NotEqual(ReliabilityKit.TensorBytes(plain.Model), ReliabilityKit.TensorBytes(lowered.Model));
        Assert.Equal(30, TrialRunner.LoadSummary(lowered).Steps);
    }

    private static Dictionary<int, double> Rates(string metrics) =>
        JsonLines.ReadComplete(metrics).ToDictionary(e => e.GetProperty("step").GetInt32(), e => e.GetProperty("learning_rate").GetDouble());

    [Fact]
    public void A_stopped_and_resumed_run_ends_bitwise_equal_to_a_straight_one_with_the_same_curve()
    {
        var straight = TrainStraight("straight", 40);
        var stopped = TrainStopped("stopped", 40, stopAt: 25); // between two periodic checkpoints (every 10)
        int resumedFrom = -1;
        TrialRunner.Train(new RunSetup(ReliabilityKit.TinyRun(40)), stopped, resumed: s => resumedFrom = s);

        Assert.Equal(25, resumedFrom);
        Assert.Equal(ReliabilityKit.TensorBytes(straight.Model), ReliabilityKit.TensorBytes(stopped.Model));
        Assert.Equal(Curve(straight.Metrics), Curve(stopped.Metrics));
        Assert.False(File.Exists(stopped.Checkpoint)); // a trained run keeps only its model
        Assert.Equal(40, TrialRunner.LoadSummary(stopped).Steps);
    }

    [Fact]
    public void With_dropout_the_saved_generator_state_makes_the_resumed_run_bitwise_equal_too()
    {
        var config = ReliabilityKit.TinyRun(30);
        config = config with { Model = config.Model with { Dropout = 0.2 } };
        var straight = new RunFolder(Path.Combine(root, "straight"));
        TrialRunner.Train(new RunSetup(config), straight);
        var stopped = new RunFolder(Path.Combine(root, "stopped"));
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() =>
                TrialRunner.Train(new RunSetup(config), stopped, p => { if (p.Step == 15) cancel.Cancel(); }, cancel.Token));
        TrialRunner.Train(new RunSetup(config), stopped);
        Assert.Equal(ReliabilityKit.TensorBytes(straight.Model), ReliabilityKit.TensorBytes(stopped.Model));
        Assert.Equal(Curve(straight.Metrics), Curve(stopped.Metrics));
    }

    [Fact]
    public void Metrics_logged_after_the_checkpoint_and_a_cut_off_line_are_dropped_on_resume()
    {
        var straight = TrainStraight("straight", 30);
        var killed = TrainStopped("killed", 30, stopAt: 20); // the checkpoint of step 20 is the last one
        // what a process killed at step 27 leaves: lines past the checkpoint and half a line
        File.AppendAllText(killed.Metrics, """{"step":25,"total_steps":30,"loss":123.0,"learning_rate":0.1,"tokens_per_second":1,"elapsed_seconds":1}""" + "\n");
        File.AppendAllText(killed.Metrics, """{"step":30,"total_st""");
        TrialRunner.Train(new RunSetup(ReliabilityKit.TinyRun(30)), killed);

        var lines = File.ReadAllLines(killed.Metrics);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        var steps = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32()).ToList();
        Assert.Equal(steps.Distinct().Order(), steps); // increasing, no duplicates
        Assert.Equal(Curve(straight.Metrics), Curve(killed.Metrics));
        Assert.Equal(ReliabilityKit.TensorBytes(straight.Model), ReliabilityKit.TensorBytes(killed.Model));
    }

    [Fact]
    public void Mnemo_run_skips_finished_trials_and_resumes_partial_ones()
    {
        var yaml = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml);
        var straightOut = Path.Combine(root, "straight");
        Assert.Equal(0, ReliabilityKit.Cli("run", yaml, "--out", straightOut).Exit);

        // a partial trial, as a stopped `mnemo run` leaves it
        var partialOut = Path.Combine(root, "partial");
        var trial = ConfigFiles.ParseExperiment(ReliabilityKit.TinyYaml, "tiny.yaml").Trials()[0];
        var folder = new RunFolder(Path.Combine(partialOut, trial.RunName));
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() =>
                TrialRunner.Train(new RunSetup(trial), folder, p => { if (p.Step == 15) cancel.Cancel(); }, cancel.Token));

        var resumed = ReliabilityKit.Cli("run", yaml, "--out", partialOut);
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("resuming from the checkpoint at step 15", resumed.Out);
        var straightFolder = new RunFolder(Path.Combine(straightOut, trial.RunName));
        Assert.Equal(ReliabilityKit.TensorBytes(straightFolder.Model), ReliabilityKit.TensorBytes(folder.Model));
        Assert.Equal(Untimed(straightFolder.Results), Untimed(folder.Results));

        // finished: nothing in the trial folder changes, the results are reused
        var before = ReliabilityKit.Fingerprint(folder.Path);
        var again = ReliabilityKit.Cli("run", yaml, "--out", partialOut);
        Assert.True(again.Exit == 0, again.Err);
        Assert.Contains("finished earlier", again.Out);
        Assert.Equal(before, ReliabilityKit.Fingerprint(folder.Path));
        Assert.Equal(Untimed(Path.Combine(straightOut, "results.csv")), Untimed(Path.Combine(partialOut, "results.csv")));
    }

    /// <summary>The rows of a results.csv without the training time, which no two runs share.</summary>
    private static List<ResultRow> Untimed(string csv) => ResultRow.TryReadCsv(csv)!.Select(r => r with { TrainSeconds = 0 }).ToList();

    [Fact]
    public void Mnemo_train_resume_continues_and_a_finished_run_has_nothing_to_resume()
    {
        var stopped = TrainStopped("stopped", 30, stopAt: 10);
        var first = ReliabilityKit.Cli("train", "--resume", stopped.Path);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("resuming from the checkpoint at step 10", first.Out);
        Assert.True(stopped.IsTrained);
        var second = ReliabilityKit.Cli("train", "--resume", stopped.Path);
        Assert.Equal(0, second.Exit);
        Assert.Contains("nothing to resume", second.Out);
    }
}
