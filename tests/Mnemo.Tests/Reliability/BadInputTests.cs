using System.Text.RegularExpressions;
using Mnemo.Checkpoints;
using Mnemo.Experiments;
using Mnemo.Runtime;
using Mnemo.Tests.Models;

namespace Mnemo.Tests.Reliability;

/// <summary>A trained run, a partial run with a checkpoint, and config files good and bad, in one folder
/// that every bad input must leave exactly as it was.</summary>
public sealed class BadInputFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mnemo-bad").FullName;
    public string Yaml => Path.Combine(Root, "tiny.yaml");
    public string Exp => Path.Combine(Root, "exp");
    public string Run => Path.Combine(Exp, "scratchpad-learned-s0");
    public string Partial => Path.Combine(Root, "partial");

    public BadInputFixture()
    {
        TorchRuntime.SetThreads(1);
        File.WriteAllText(Yaml, ReliabilityKit.TinyYaml);
        File.WriteAllText(Path.Combine(Root, "empty.yaml"), "");
        File.WriteAllText(Path.Combine(Root, "blank.yaml"), "  \n\n");
        File.WriteAllText(Path.Combine(Root, "truncated.yaml"), ReliabilityKit.TinyYaml[..ReliabilityKit.TinyYaml.IndexOf("d_model", StringComparison.Ordinal)]);
        File.WriteAllBytes(Path.Combine(Root, "garbage.yaml"), [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37 % 256))]);
        File.WriteAllText(Path.Combine(Root, "file.txt"), "not a folder");
        var run = ReliabilityKit.Cli("run", Yaml, "--out", Exp);
        Assert.True(run.Exit == 0, run.Err);
        var trial = ConfigFiles.ParseExperiment(ReliabilityKit.TinyYaml, "tiny.yaml").Trials()[0];
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TrialRunner.Train(new RunSetup(trial), new RunFolder(Partial), p => { if (p.Step == 10) cancel.Cancel(); }, cancel.Token));
    }

    public void Dispose() => Directory.Delete(Root, true);
}

/// <summary>Bad inputs through the real CLI: each gives one error line naming the field or file (and the
/// allowed values where there is a list), a non-zero exit code, and no change to any existing folder.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    /// <summary>Copies a folder of the fixture to {copy} and damages it.</summary>
    private delegate void Prepare(BadInputFixture f, string copy);

    private sealed record Case(string[] Args, string[] Expect, Prepare? Setup = null);

    private static string[] Run(params string[] set) => ["run", "{yaml}", "--out", "{new}", .. set.SelectMany(s => new[] { "--set", s })];

    private static void CopyPartial(BadInputFixture f, string copy) => ReliabilityKit.CopyFolder(f.Partial, copy);
    private static void CopyRun(BadInputFixture f, string copy) => ReliabilityKit.CopyFolder(f.Run, copy);

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    private static void Truncate(string path) => File.WriteAllBytes(path, File.ReadAllBytes(path)[..(int)(new FileInfo(path).Length / 2)]);

    private static void FlipNearEnd(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // experiment files and --set
        ["unknown task"] = new(Run("task=sorting"), ["task: unknown task 'sorting' (allowed: parity", "(--set task=sorting)"]),
        ["unknown format"] = new(Run("formats=[anchorz]"), ["format: unknown format 'anchorz' for task parity, did you mean 'anchors'? (allowed: ", "anchors"]),
        // names "schemes", the axis that defaults to model.scheme (ExperimentConfig checks the axis first)
        ["unknown scheme"] = new(Run("model.scheme=xpos"), ["unknown positional scheme 'xpos' (allowed: learned, sinusoidal, rope, alibi, none"]),
        ["unknown scheme on the sweep axis"] = new(Run("schemes=[rope2]"), ["schemes: unknown positional scheme 'rope2', did you mean 'rope'? (allowed: learned"]),
        ["misspelt scheme after a prefix"] = new(Run("schemes=[randomized-rpoe]"), ["schemes: unknown positional scheme 'randomized-rpoe', did you mean 'randomized-rope'? (allowed: learned"]),
        ["zero layers"] = new(Run("model.layers=0"), ["model.layers: must be at least 1, got 0"]),
        ["negative batch size"] = new(Run("training.batch_size=-4"), ["training.batch_size: must be at least 1, got -4"]),
        ["zero steps"] = new(Run("training.steps=0"), ["training.steps: must be at least 1, got 0"]),
        ["d_model not divisible by heads"] = new(Run("model.heads=3"), ["model.d_model: 32 is not divisible by model.heads = 3"]),
        ["training lengths out of order"] = new(Run("training.min_length=8", "training.max_length=4"), ["training.max_length: must be at least training.min_length = 8, got 4"]),
        ["evaluation length zero"] = new(Run("evaluation.lengths=[3,0]"), ["evaluation.lengths: every length must be at least 1"]),
        ["evaluation length beyond the learned table"] = new(Run("model.max_positions=30", "evaluation.lengths=[6,40]"),
            ["evaluation.lengths: length 40 needs", "model.max_positions", "holds 30", "the longest length that fits is 13"]),
        ["training length beyond the learned table"] = new(Run("model.max_positions=8"), ["model.max_positions: training sequences of length 5 need 13 positions", "holds 8"]),
        ["anchor pool too small"] = new(Run("formats=[anchors]", "format_options.anchor_pool=4"), ["format_options.anchor_pool", "pool has only 4", "at least 5"]),
        ["spacing below 1"] = new(Run("format_options.spacing=0"), ["format_options.spacing: must be at least 1, got 0"]),
        ["learning rate out of range"] = new(Run("training.learning_rate=7"), ["training.learning_rate: must be in (0, 1], got 7"]),
        ["negative checkpoint interval"] = new(Run("training.checkpoint_every=-1"), ["training.checkpoint_every: must be at least 0"]),
        ["zero parallel trials"] = new(Run("parallel=0"), ["parallel: must be at least 1, got 0"]),
        ["a warm-up task that does not exist"] = new(Run("training.pretrain_task=none"),
            ["training.pretrain_task: must be 'copy' or '' (no warm-up: in a file pretrain_task: '' and pretrain_steps: 0; on the command line --set \"training.pretrain_task=''\" --set training.pretrain_steps=0), got 'none'"]),
        ["unknown setting"] = new(Run("training.stepz=5"), ["training.stepz: unknown setting, did you mean 'steps'? (known in training: min_length", "(--set training.stepz=5)"]),
        ["value of the wrong type"] = new(Run("training.steps=many"), ["training.steps: 'many' is not a whole number", "(--set training.steps=many)"]),
        ["--set without a value"] = new(["run", "{yaml}", "--out", "{new}", "--set", "training.steps"], ["--set: expected KEY=VALUE"]),
        ["missing config file"] = new(["run", "{root}/nope.yaml", "--out", "{new}"], ["nope.yaml: cannot read the experiment file"]),
        ["unreadable config (a folder)"] = new(["run", "{root}", "--out", "{new}"], ["cannot read the experiment file"]),
        ["empty config file"] = new(["run", "{root}/empty.yaml", "--out", "{new}"], ["empty.yaml: the experiment file is empty"]),
        ["blank config file"] = new(["run", "{root}/blank.yaml", "--out", "{new}"], ["blank.yaml: the experiment file is empty"]),
        ["truncated config file"] = new(["run", "{root}/truncated.yaml", "--out", "{new}"], ["truncated.yaml: not valid YAML at line"]),
        ["garbage config file"] = new(["run", "{root}/garbage.yaml", "--out", "{new}"], ["garbage.yaml: "]),

        // output folders
        ["output folder is a file"] = new(["run", "{yaml}", "--out", "{root}/file.txt"], ["file.txt", "is a file"]),
        ["output folder under a file (not writable)"] = new(["run", "{yaml}", "--out", "{root}/file.txt/sub"], ["file.txt is a file"]),
        ["output folder holds a different run"] = new(["run", "{yaml}", "--out", "{exp}", "--set", "training.steps=31"],
            ["scratchpad-learned-s0: holds a run with a different config", "training.steps: 30 here, 31 now"]),
        ["train --out on an existing run"] = new(["train", "--config", "{yaml}", "--out", "{run}"], ["--out: ", "already holds a run", "mnemo train --resume"]),
        ["train without --config"] = new(["train", "--out", "{new}"], ["--config: give the experiment file"]),
        ["train --resume with --config"] = new(["train", "--resume", "{partial}", "--config", "{yaml}"], ["--resume: continues a run with the config.json of its folder"]),

        // run folders and checkpoints
        ["resume a missing run folder"] = new(["train", "--resume", "{root}/nope"], ["nope: run folder not found"]),
        ["resume a folder that is not a run"] = new(["train", "--resume", "{root}"], ["not a run folder (no config.json)"]),
        ["resume from a truncated checkpoint"] = new(["train", "--resume", "{copy}"], ["checkpoint.safetensors: ", "truncated or corrupt"],
            (f, c) => { CopyPartial(f, c); Truncate(Path.Combine(c, "checkpoint.safetensors")); }),
        ["resume from a corrupt checkpoint"] = new(["train", "--resume", "{copy}"], ["checkpoint.safetensors: corrupt checkpoint", "checksum"],
            (f, c) => { CopyPartial(f, c); FlipNearEnd(Path.Combine(c, "checkpoint.safetensors")); }),
        ["resume from an empty checkpoint"] = new(["train", "--resume", "{copy}"], ["checkpoint.safetensors: corrupt safetensors file"],
            (f, c) => { CopyPartial(f, c); File.WriteAllBytes(Path.Combine(c, "checkpoint.safetensors"), []); }),
        ["resume from a checkpoint of another model shape"] = new(["train", "--resume", "{copy}"], ["checkpoint.safetensors: ", "has shape", "different model shape"],
            (f, c) => { CopyPartial(f, c); Edit(Path.Combine(c, "config.json"), "\"mlp_width\": 64", "\"mlp_width\": 48"); }),
        ["resume from a checkpoint of another run"] = new(["train", "--resume", "{copy}"], ["checkpoint.safetensors: this checkpoint belongs to a run with a different config"],
            (f, c) => { CopyPartial(f, c); Edit(Path.Combine(c, "config.json"), "\"steps\": 30", "\"steps\": 50"); }),
        ["resume from a model file instead of a checkpoint"] = new(["train", "--resume", "{copy}"], ["checkpoint.safetensors: not a mnemo training checkpoint"],
            (f, c) => { CopyPartial(f, c); File.Copy(Path.Combine(f.Run, "model.safetensors"), Path.Combine(c, "checkpoint.safetensors"), true); }),
        ["evaluate a missing run folder"] = new(["eval", "--run", "{root}/nope"], ["nope: run folder not found"]),
        ["evaluate a run that is not trained"] = new(["eval", "--run", "{partial}"], ["not trained yet", "mnemo train --resume"]),
        ["evaluate a model of another shape"] = new(["eval", "--run", "{copy}"], ["model.safetensors: ", "has shape", "different model shape"],
            (f, c) => { CopyRun(f, c); using var other = TinyModels.Create("learned"); ModelCheckpoint.Save(other, Path.Combine(c, "model.safetensors")); }),
        ["evaluate a truncated model"] = new(["eval", "--run", "{copy}"], ["model.safetensors: ", "truncated or corrupt"],
            (f, c) => { CopyRun(f, c); Truncate(Path.Combine(c, "model.safetensors")); }),
        ["evaluate a corrupt model"] = new(["eval", "--run", "{copy}"], ["model.safetensors: corrupt checkpoint", "checksum"],
            (f, c) => { CopyRun(f, c); FlipNearEnd(Path.Combine(c, "model.safetensors")); }),
        ["evaluate a garbage model"] = new(["eval", "--run", "{copy}"], ["model.safetensors: corrupt safetensors"],
            (f, c) => { CopyRun(f, c); File.Copy(Path.Combine(f.Root, "garbage.yaml"), Path.Combine(c, "model.safetensors"), true); }),
        ["evaluate with a corrupt config.json"] = new(["eval", "--run", "{copy}"], ["config.json: corrupt run config"],
            (f, c) => { CopyRun(f, c); File.WriteAllText(Path.Combine(c, "config.json"), "{ \"task\": \"par"); }),
        ["evaluate with a bad value in config.json"] = new(["eval", "--run", "{copy}"], ["config.json: model.d_model: 32 is not divisible by model.heads = 3"],
            (f, c) => { CopyRun(f, c); Edit(Path.Combine(c, "config.json"), "\"heads\": 2", "\"heads\": 3"); }),
        ["evaluate length zero"] = new(["eval", "--run", "{run}", "--lengths", "0"], ["--lengths: every length must be at least 1"]),
        ["evaluate beyond the learned table"] = new(["eval", "--run", "{run}", "--lengths", "6,500"], ["--lengths: length 500 needs 1003 positions, but this run's learned table holds", "(model.max_positions, fixed when it was trained); the longest length that fits is"]),
        ["evaluate zero examples"] = new(["eval", "--run", "{run}", "--examples", "0"], ["--examples: must be at least 1, got 0"]),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Fact]
    public void There_are_at_least_twenty_cases() => Assert.True(Cases.Count >= 20);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_input_gives_one_clear_line_a_failing_exit_code_and_changes_nothing(string name)
    {
        var bad = Cases[name];
        var copy = Path.Combine(fixture.Root, "copies", Regex.Replace(name, "[^a-z0-9]+", "-"));
        bad.Setup?.Invoke(fixture, copy);
        var newFolder = Path.Combine(fixture.Root, "new");
        var args = bad.Args.Select(a => a.Replace("{yaml}", fixture.Yaml).Replace("{new}", newFolder).Replace("{root}", fixture.Root)
            .Replace("{exp}", fixture.Exp).Replace("{run}", fixture.Run).Replace("{partial}", fixture.Partial).Replace("{copy}", copy)).ToArray();
        var before = ReliabilityKit.Fingerprint(fixture.Root);

        var (exit, _, err) = ReliabilityKit.Cli(args);

        Assert.NotEqual(0, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        foreach (var expected in bad.Expect) Assert.Contains(expected, line);
        Assert.Equal(before, ReliabilityKit.Fingerprint(fixture.Root));
        Assert.False(Directory.Exists(newFolder));
    }
}
