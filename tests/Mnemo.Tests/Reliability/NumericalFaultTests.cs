using Mnemo.Checkpoints;
using Mnemo.Experiments;
using Mnemo.Runtime;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Tests.Reliability;

/// <summary>A diverging run stops at the first non-finite loss, names the step, and leaves the last good
/// checkpoint as it was. Validation caps training.learning_rate at 1, and AdamW moves a weight by at most
/// about the learning rate per step, so no valid learning rate overflows float32 within a short test; we
/// therefore put the model where a diverging run ends up (a weight blown up to infinity) in the middle of
/// training, after a checkpoint.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class NumericalFaultTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-nan").FullName;

    public NumericalFaultTests() => TorchRuntime.SetThreads(1);

    public void Dispose() => Directory.Delete(root, true);

    [Fact]
    public void A_non_finite_loss_stops_training_naming_the_step_and_keeps_the_last_good_checkpoint()
    {
        var config = ReliabilityKit.TinyRun(steps: 40, checkpointEvery: 10);
        var setup = new RunSetup(config);
        using var model = setup.CreateModel();
        var path = Path.Combine(root, "checkpoint.safetensors");
        string? goodCheckpoint = null;
        var trainer = new Trainer(model, setup.Source, config.Training, setup.Positions, config.DataSeed)
        {
            Checkpoints = new Checkpointing(path, 10, "test"),
        };
        var error = Assert.Throws<MnemoException>(() => trainer.Train(p =>
        {
            if (p.Step != 25) return;
            goodCheckpoint = Convert.ToHexString(File.ReadAllBytes(path));
            using var _ = no_grad();
            model.parameters().First().fill_(float.PositiveInfinity);
        }));

        Assert.Contains("at step 26", error.Message);
        Assert.Contains("training.learning_rate", error.Message);
        Assert.Contains($"the last good checkpoint (step 20) is kept in {path}", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.Equal(goodCheckpoint, Convert.ToHexString(File.ReadAllBytes(path)));

        // and it is good: it loads, its parameters are finite, and training continues from it
        using var fresh = setup.CreateModel();
        var resumed = new Trainer(fresh, setup.Source, config.Training, setup.Positions, config.DataSeed)
        {
            Checkpoints = new Checkpointing(path, 10, "test"),
        }.Train();
        Assert.Equal(40, resumed.Steps);
        Assert.Equal(20, resumed.ResumedFrom);
        Assert.True(double.IsFinite(resumed.FinalLoss));
    }

    [Fact]
    public void The_largest_allowed_learning_rate_trains_without_a_non_finite_loss()
    {
        // the measurement behind the class comment: learning_rate = 1, no clipping, no warmup
        var config = ReliabilityKit.TinyRun(steps: 60, checkpointEvery: 0);
        config = config with { Training = config.Training with { LearningRate = 1, GradClip = 0, WarmupSteps = 0, MinLearningRateRatio = 1 } };
        var setup = new RunSetup(config);
        using var model = setup.CreateModel();
        var outcome = new Trainer(model, setup.Source, config.Training, setup.Positions, config.DataSeed).Train();
        Assert.True(double.IsFinite(outcome.FinalLoss));
        Assert.True(model.parameters().All(p => p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void Through_the_cli_the_error_is_one_line_and_no_model_is_written()
    {
        var setup = new RunSetup(ReliabilityKit.TinyRun(steps: 30));
        var folder = new RunFolder(Path.Combine(root, "run"));
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => TrialRunner.Train(setup, folder, p => { if (p.Step == 10) cancel.Cancel(); }, cancel.Token));
        // blow up the checkpoint's embedding to where a diverging run would be: finite but enormous
        var tensors = SafeTensors.LoadWithMetadata(folder.Checkpoint);
        var name = tensors.Tensors.Keys.First(k => k.StartsWith("model/") && k.EndsWith("weight"));
        using (no_grad()) tensors.Tensors[name].mul_(1e37f);
        SafeTensors.Save(folder.Checkpoint, tensors.Tensors, tensors.Metadata.Where(kv => kv.Key != SafeTensors.ChecksumKey).ToDictionary(), checksum: true);
        foreach (var t in tensors.Tensors.Values) t.Dispose();
        var checkpoint = File.ReadAllBytes(folder.Checkpoint);

        var (exit, _, err) = ReliabilityKit.Cli("train", "--resume", folder.Path);
        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^error: training: (loss|gradient norm) became (NaN|Infinity|-Infinity) at step 11 ", line);
        Assert.Equal(checkpoint, File.ReadAllBytes(folder.Checkpoint));
        Assert.False(File.Exists(folder.Model));
    }
}
