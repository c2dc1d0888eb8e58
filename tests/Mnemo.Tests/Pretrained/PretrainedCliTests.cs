using System.Text.Json.Nodes;
using Mnemo.Experiments;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Pretrained;

[Collection(ReliabilityCollection.Name)]
public sealed class PretrainedCliTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-hfcli").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Train_with_a_model_path_evaluates_and_saves_the_hugging_face_layout()
    {
        var checkpoint = TinyCheckpoints.Write(Path.Combine(dir, "pythia"), "gpt_neox");
        var config = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(config, ReliabilityKit.TinyYaml);
        var run = Path.Combine(dir, "run");
        var hf = Path.Combine(dir, "hf");
        var (exit, output, error) = ReliabilityKit.Cli("train", "--config", config, "--model-path", checkpoint, "--out", run, "--save-hf", hf,
            "--set", "training.steps=4", "--set", "training.checkpoint_every=0");
        Assert.True(exit == 0, error);
        // the load line: 15,344 = 2·(323·16) embeddings + 2 layers · 2,488 + 32 final norm, by hand from the tiny shapes
        Assert.Contains($"pythia: gpt_neox, 15.3k parameters, float32 on disk; vocabulary {TinyCheckpoints.TokenizerSize} tokenizer ids / {TinyCheckpoints.VocabSize} embedding rows; no tokens added", output);
        Assert.Contains("scratchpad-rope-s0", output); // the checkpoint's scheme, not the file's default
        Assert.All(new[] { "config.json", "model.safetensors", "tokenizer.json" }, f => Assert.True(File.Exists(Path.Combine(hf, f)), f));
        var saved = ConfigFiles.LoadRun(Path.Combine(run, "config.json"));
        Assert.Equal(Path.GetFullPath(checkpoint), saved.Pretrained!.Path);
        Assert.Equal(16, saved.Model.DModel);

        (exit, _, error) = ReliabilityKit.Cli("eval", "--run", run, "--lengths", "3");
        Assert.True(exit == 0, error);

        (exit, _, error) = ReliabilityKit.Cli("train", "--resume", run, "--save-hf", checkpoint);
        Assert.NotEqual(0, exit);
        Assert.Contains("is the checkpoint being fine-tuned", error);
    }

    [Theory]
    [InlineData("model.attention_scaling=ssmax", "model.attention_scaling: ssmax adds weights (a learned scale per layer and head) that a gpt_neox checkpoint has no place for, so a --save-hf export would drop them; a pretrained model keeps its architecture (none, or logn, which adds none)")]
    [InlineData("model.short_conv=3", "model.short_conv: 3 adds weights (a convolution kernel per layer) that a gpt_neox checkpoint has no place for, so a --save-hf export would drop them; a pretrained model keeps its architecture (0)")]
    public void A_model_option_that_adds_weights_is_refused_for_a_pretrained_checkpoint_before_anything_is_written(string option, string message)
    {
        var checkpoint = TinyCheckpoints.Write(Path.Combine(dir, "pythia"), "gpt_neox");
        var config = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(config, ReliabilityKit.TinyYaml);
        var run = Path.Combine(dir, "run");
        var (exit, _, error) = ReliabilityKit.Cli("train", "--config", config, "--model-path", checkpoint, "--out", run, "--save-hf", Path.Combine(dir, "hf"),
            "--set", option);
        Assert.Equal(2, exit);
        Assert.Equal($"error: {message}", error.TrimEnd('\n'));
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void LogN_scaling_adds_no_weights_and_fine_tunes_a_pretrained_checkpoint()
    {
        var checkpoint = TinyCheckpoints.Write(Path.Combine(dir, "pythia"), "gpt_neox");
        var config = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(config, ReliabilityKit.TinyYaml);
        var (exit, _, error) = ReliabilityKit.Cli("train", "--config", config, "--model-path", checkpoint, "--out", Path.Combine(dir, "run"),
            "--set", "model.attention_scaling=logn", "--set", "model.logn_base=8", "--set", "training.steps=2", "--set", "training.checkpoint_every=0");
        Assert.True(exit == 0, error);
    }

    [Fact]
    public void Save_hf_needs_a_pretrained_run_and_a_bad_checkpoint_is_one_line()
    {
        var config = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(config, ReliabilityKit.TinyYaml);
        var (exit, _, error) = ReliabilityKit.Cli("train", "--config", config, "--out", Path.Combine(dir, "a"), "--save-hf", Path.Combine(dir, "hf"));
        Assert.NotEqual(0, exit);
        Assert.Contains("--save-hf: only a run that fine-tunes a pretrained checkpoint", error);

        var checkpoint = TinyCheckpoints.Write(Path.Combine(dir, "gpt2"), "gpt2");
        File.WriteAllText(Path.Combine(checkpoint, "config.json"), """{"model_type": "t5"}""");
        (exit, _, error) = ReliabilityKit.Cli("train", "--config", config, "--out", Path.Combine(dir, "b"), "--model-path", checkpoint);
        Assert.NotEqual(0, exit);
        Assert.Contains("model_type 't5' is not supported", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Save_hf_never_writes_into_a_folder_mnemo_did_not_create_unless_forced_and_never_over_a_user_s_file()
    {
        var (checkpoint, config) = (TinyCheckpoints.Write(Path.Combine(dir, "pythia"), "gpt_neox"), Path.Combine(dir, "tiny.yaml"));
        File.WriteAllText(config, ReliabilityKit.TinyYaml);
        var run = Path.Combine(dir, "run");
        Assert.Equal(0, ReliabilityKit.Cli("train", "--config", config, "--model-path", checkpoint, "--out", run, "--set", "training.steps=4").Exit);
        var mine = Path.Combine(dir, "mine");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "a user's own file\n");
        var clash = Path.Combine(dir, "clash");
        Directory.CreateDirectory(clash);
        File.WriteAllText(Path.Combine(clash, "config.json"), "{\"mine\": true}");
        var before = ReliabilityKit.Fingerprint(dir);

        // refused before training: no run folder is made
        var (exit, _, error) = ReliabilityKit.Cli("train", "--config", config, "--model-path", checkpoint, "--out", Path.Combine(dir, "run2"), "--save-hf", mine);
        Assert.Equal(2, exit);
        Assert.Equal($"error: --save-hf: {mine} exists and is not a Hugging Face export folder (1 entry Mnemo did not write, e.g. notes.txt); choose a new folder, or add --force to write into it (nothing in it is replaced or deleted)",
            error.TrimEnd('\n'));
        // and for a trained run
        (exit, _, error) = ReliabilityKit.Cli("train", "--resume", run, "--save-hf", mine);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: --save-hf: {mine} exists and is not a Hugging Face export folder", error);
        (exit, _, error) = ReliabilityKit.Cli("train", "--resume", run, "--save-hf", clash, "--force");
        Assert.Equal(2, exit);
        Assert.Equal($"error: --save-hf: {Path.Combine(clash, "config.json")} was not written by Mnemo, and Mnemo would replace it; even with --force it is never replaced: move it away or choose another folder",
            error.TrimEnd('\n'));
        Assert.Equal(before, ReliabilityKit.Fingerprint(dir));

        // with --force it writes beside the user's file; a folder Mnemo exported to is Mnemo's to write again
        (exit, _, error) = ReliabilityKit.Cli("train", "--resume", run, "--save-hf", mine, "--force");
        Assert.True(exit == 0, error);
        Assert.Equal("a user's own file\n", File.ReadAllText(Path.Combine(mine, "notes.txt")));
        Assert.All(new[] { "mnemo-export.json", "config.json", "model.safetensors", "tokenizer.json" }, f => Assert.True(File.Exists(Path.Combine(mine, f)), f));
        var export = Path.Combine(dir, "export");
        Assert.Equal(0, ReliabilityKit.Cli("train", "--resume", run, "--save-hf", export).Exit);
        (exit, _, error) = ReliabilityKit.Cli("train", "--resume", run, "--save-hf", export);
        Assert.True(exit == 0, error);
    }

    [Fact]
    public void A_fine_tuning_run_whose_config_json_has_the_earlier_layout_still_resumes_and_evaluates()
    {
        var checkpoint = TinyCheckpoints.Write(Path.Combine(dir, "pythia"), "gpt_neox");
        var yaml = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml);
        // the earlier keys of an experiment file are still read, in the pretrained section
        var trial = ConfigFiles.LoadExperiment(yaml, [$"model.pretrained={checkpoint}", "model.anchor_tokens=existing", "training.steps=10"]).Trials()[0];
        Assert.Equal(new Mnemo.Pretrained.PretrainedConfig { Path = checkpoint, AnchorTokens = "existing" }, trial.Pretrained);
        Assert.Contains("model.pretrained: the same setting as pretrained.path (its name in earlier versions); give only pretrained.path",
            Assert.Throws<MnemoException>(() => ConfigFiles.LoadExperiment(yaml, [$"model.pretrained={checkpoint}", $"pretrained.path={checkpoint}"])).Message);

        var run = new RunFolder(Path.Combine(dir, "run"));
        using (var cancel = new CancellationTokenSource())
            Assert.ThrowsAny<OperationCanceledException>(() => TrialRunner.Train(new RunSetup(trial with { Pretrained = trial.Pretrained! with { AnchorTokens = null } }), run,
                p => { if (p.Step == 5) cancel.Cancel(); }, cancel.Token));
        // config.json as the versions before the pretrained section wrote it
        var json = JsonNode.Parse(File.ReadAllText(run.Config))!.AsObject();
        Assert.Equal($$"""{"path":{{JsonValue.Create(Path.GetFullPath(checkpoint)).ToJsonString()}},"anchor_tokens":"added"}""", json["pretrained"]!.ToJsonString(new() { WriteIndented = false }));
        json.Remove("pretrained");
        json["model"]!.AsObject()["pretrained"] = Path.GetFullPath(checkpoint);
        json["model"]!.AsObject()["anchor_tokens"] = "added";
        json["model"]!.AsObject()["is_pretrained"] = true;
        File.WriteAllText(run.Config, json.ToJsonString());

        var (exit, output, error) = ReliabilityKit.Cli("train", "--resume", run.Path);
        Assert.True(exit == 0, error);
        Assert.Contains("resuming from the checkpoint at step 5", output);
        (exit, _, error) = ReliabilityKit.Cli("eval", "--run", run.Path, "--lengths", "3");
        Assert.True(exit == 0, error);
        Assert.Equal(Path.GetFullPath(checkpoint), ConfigFiles.LoadRun(run.Config).Pretrained!.Path);
    }

    [Fact]
    public void The_bloomz_experiment_file_is_valid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../experiments/bloomz-560m.yaml");
        var experiment = ConfigFiles.LoadExperiment(path);
        Assert.Equal("checkpoints/bloomz-560m", experiment.Pretrained!.Path);
        Assert.Equal(2, experiment.Trials().Count);
    }
}
