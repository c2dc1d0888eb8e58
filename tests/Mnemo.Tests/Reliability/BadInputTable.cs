using System.Text.RegularExpressions;
using Mnemo.Experiments;

namespace Mnemo.Tests.Reliability;

/// <summary>A trained run, a folder of a user's own files and bad config files, in one folder that every
/// bad input must leave exactly as it was.</summary>
public sealed class BadInputTableFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mnemo-table").FullName;
    public string Run => Path.Combine(Root, "run");

    public BadInputTableFixture()
    {
        File.WriteAllText(Path.Combine(Root, "tiny.yaml"), ReliabilityKit.TinyYaml);
        File.WriteAllText(Path.Combine(Root, "lengths-string.yaml"), ReliabilityKit.TinyYaml.Replace("lengths: [3, 6]", "lengths: \"4,8\""));
        File.WriteAllText(Path.Combine(Root, "nan.yaml"), ReliabilityKit.TinyYaml.Replace("learning_rate: 0.003", "learning_rate: .nan"));
        File.WriteAllText(Path.Combine(Root, "seeds-twice.yaml"), ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 0]"));
        File.WriteAllText(Path.Combine(Root, "bad-axis-bool.yaml"), ReliabilityKit.TinyYaml + "\nsweep: {format_options.forced: [no, maybe]}\n");
        // 12 M evaluation lengths, as a hurried user's script might write them; only its size is ever looked at
        using (var big = new StreamWriter(Path.Combine(Root, "huge.yaml")))
        {
            big.Write("name: huge\nevaluation:\n  lengths: [");
            for (int i = 0; i < 12_000_000; i++) big.Write(i == 0 ? "3" : ",3");
            big.Write("]\n");
        }
        Directory.CreateDirectory(Path.Combine(Root, "mine"));
        File.WriteAllText(Path.Combine(Root, "mine", "notes.txt"), "a user's own file\n");
        File.WriteAllText(Path.Combine(Root, "mine", "results.csv"), "a,b\n1,2\n");
        Directory.CreateDirectory(Path.Combine(Root, "mine-no-clash"));
        File.WriteAllText(Path.Combine(Root, "mine-no-clash", "notes.txt"), "a user's own file\n");
        Directory.CreateDirectory(Path.Combine(Root, "mine-maps"));
        File.WriteAllText(Path.Combine(Root, "mine-maps", "attention-L0-H1.png"), "a user's own image\n");
        using (var fifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(Root, "pipe.yaml"))) fifo.WaitForExit();
        var train = ReliabilityKit.Process(Root, "train", "--config", "tiny.yaml", "--out", Run);
        Assert.True(train.Exit == 0, train.Err);
        // an anchored run with a pool of 8 anchors and randomized positions from 0..39 (length 8 is 35 tokens)
        File.WriteAllText(Path.Combine(Root, "anchors.yaml"), ReliabilityKit.TinyYaml.Replace("formats: [scratchpad]", "formats: [anchors]\nformat_options: {anchor_pool: 8}\nschemes: [randomized-learned]")
            .Replace("learning_rate: 0.003}", "learning_rate: 0.003, position_range: 40}"));
        var anchors = ReliabilityKit.Process(Root, "train", "--config", "anchors.yaml", "--out", Path.Combine(Root, "run-anchors"));
        Assert.True(anchors.Exit == 0, anchors.Err);
    }

    public void Dispose() => Directory.Delete(Root, true);
}

/// <summary>Bad inputs of every kind (issue 23) through the real <c>mnemo</c> process, as a careless or
/// hurried user types them: each must give exit code 2, exactly one line on stderr (no usage dump, no
/// stack trace, no .NET type name) and leave every folder as it was. docs/reliability.md states the count.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BadInputTable(BadInputTableFixture fixture) : IClassFixture<BadInputTableFixture>
{
    private sealed record Case(string[] Args, string[] Expect, Action<string>? Setup = null);

    private static string[] Train(params string[] set) => ["train", "--config", "tiny.yaml", "--out", "new", .. set.SelectMany(s => new[] { "--set", s })];

    /// <summary>A copy of the trained run whose model header says I32 where Mnemo wrote F32 (same bytes).</summary>
    private static void RetypedModel(string root, string copy, string file)
    {
        ReliabilityKit.CopyFolder(Path.Combine(root, "run"), copy);
        var path = Path.Combine(copy, file);
        var bytes = File.ReadAllBytes(path);
        int length = (int)BitConverter.ToUInt64(bytes, 0);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, length);
        var changed = System.Text.Encoding.UTF8.GetBytes(new Regex("\"F32\"").Replace(header, "\"I32\"", 1));
        Assert.Equal(length, changed.Length);
        changed.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // 1. command-line parse errors: one handler, one line
        ["--lengths with words"] = new(["eval", "--run", "run", "--lengths", "a,b"], ["--lengths: 'a' is not a whole number"]),
        ["--lengths in exponent notation"] = new(["eval", "--run", "run", "--lengths", "1e3"], ["--lengths: '1e3' is not a whole number"]),
        ["--lengths with semicolons"] = new(["eval", "--run", "run", "--lengths", "4;8"], ["--lengths: '4;8' is not a whole number"]),
        // a trained run's limits are fixed: the message names the one reached and the longest length within all of them
        ["eval beyond the run's position table"] = new(["eval", "--run", "run", "--lengths", "6,40"],
            ["--lengths: length 40 needs 83 positions, but this run's learned table holds 15 (model.max_positions, fixed when it was trained); the longest length that fits is 6"]),
        ["eval beyond the run's anchor pool"] = new(["eval", "--run", "run-anchors", "--lengths", "6,9"],
            ["--lengths: length 9 needs more anchors than the 8 in this run's pool (format_options.anchor_pool, fixed when it was trained); the longest length that fits is 8"]),
        ["--lengths with a length twice"] = new(["eval", "--run", "run", "--lengths", "4,8,4"], ["--lengths: 4 is listed twice (it would be evaluated and written twice); list it once"]),
        ["--lengths with an empty entry"] = new(["eval", "--run", "run", "--lengths", "4,,8"], ["--lengths: an empty entry in '4,,8' (command line; separate lengths with single commas"]),
        ["--lengths beyond int"] = new(["eval", "--run", "run", "--lengths", "99999999999"], ["--lengths: '99999999999' is not a whole number"]),
        ["--seed a word"] = new(["train", "--config", "tiny.yaml", "--out", "new", "--seed", "abc"], ["--seed: 'abc' is not a whole number", "(command line)"]),
        ["--parallel a word"] = new(["sweep", "tiny.yaml", "--out", "new", "--parallel", "two"], ["--parallel: 'two' is not a whole number"]),
        ["--parallel zero"] = new(["sweep", "tiny.yaml", "--out", "new", "--parallel", "0"], ["parallel: must be at least 1, got 0"]),
        ["--examples a fraction"] = new(["eval", "--run", "run", "--examples", "2.5"], ["--examples: '2.5' is not a whole number"]),
        ["--count beyond int"] = new(["generate", "--task", "parity", "--format", "scratchpad", "--min-length", "2", "--max-length", "4", "--count", "1e9", "--seed", "0", "--out", "new.jsonl"],
            ["--count: '1e9' is not a whole number"]),
        ["unknown option"] = new(["train", "--config", "tiny.yaml", "--out", "new", "--stepz", "5"], ["'--stepz' is not a command or option here (command line); see 'mnemo train --help'"]),
        ["misspelt option"] = new(["train", "--config", "tiny.yaml", "--out", "new", "--seeed", "5"], ["'--seeed' is not a command or option here, did you mean '--seed'? (command line); see 'mnemo train --help'"]),
        ["unknown command"] = new(["trian", "--config", "tiny.yaml"], ["'trian' is not a command or option here, did you mean 'train'? (command line); see 'mnemo --help'"]),
        ["missing required option"] = new(["eval"], ["Option '--run' is required"]),
        ["method not in the list"] = new(["attribute", "--run", "run", "--length", "4", "--method", "saliency"], ["--method: 'saliency' is not one of grad-norm, grad-x-input (command line)"]),
        ["method misspelt"] = new(["attribute", "--run", "run", "--length", "4", "--method", "grad-norn"], ["--method: 'grad-norn' is not one of grad-norm, grad-x-input, did you mean 'grad-norm'? (command line)"]),

        // 1. settings errors: the dotted field, the value, what was expected, where it came from
        ["--set without a value"] = new(Train("training.steps="), ["training.steps: no value given; expected a whole number", "(--set training.steps=)"]),
        ["--set of an unknown setting"] = new(Train("training.nope=1"), ["training.nope: unknown setting (known in training: min_length", "(--set training.nope=1)"]),
        ["--set of a list without brackets"] = new(Train("evaluation.lengths=12,24"), ["evaluation.lengths: '12,24' is not a list of whole numbers", "write [12, 24]", "(--set evaluation.lengths=12,24)"]),
        ["--set of a word for a number"] = new(Train("training.steps=abc"), ["training.steps: 'abc' is not a whole number", "(--set training.steps=abc)"]),
        ["--set of a non-boolean"] = new(Train("format_options.forced=maybe"), ["format_options.forced: 'maybe' is not a boolean (true, yes, on / false, no, off)"]),
        ["--set without '='"] = new(Train("training.steps"), ["--set: expected KEY=VALUE"]),
        ["--set of a list for a number"] = new(Train("training.steps=[1,2]"), ["training.steps: '[1, 2]' is not a whole number"]),
        ["--set of a section to a number"] = new(Train("training=5"), ["training: '5' is not a section of settings"]),
        ["lengths as a quoted string in the file"] = new(["train", "--config", "lengths-string.yaml", "--out", "new"], ["evaluation.lengths: '4,8' is not a list of whole numbers", "lengths-string.yaml:7"]),
        ["a sweep axis value that is no boolean"] = new(["sweep", "bad-axis-bool.yaml", "--out", "new"], ["sweep.format_options.forced: 'maybe' is not a boolean", "bad-axis-bool.yaml:8"]),
        ["a range error from --set"] = new(Train("training.steps=0"), ["training.steps: must be at least 1, got 0", "(--set training.steps=0)"]),

        // 2. NaN and ±Inf in every float setting
        ["learning rate NaN"] = new(Train("training.learning_rate=nan"), ["training.learning_rate: 'nan' is not a finite number"]),
        ["learning rate NaN in the file"] = new(["train", "--config", "nan.yaml", "--out", "new"], ["training.learning_rate: '.nan' is not a finite number", "nan.yaml:6"]),
        ["weight decay +Inf"] = new(Train("training.weight_decay=.inf"), ["training.weight_decay: '.inf' is not a finite number"]),
        ["grad clip -Inf"] = new(Train("training.grad_clip=-Infinity"), ["training.grad_clip: '-Infinity' is not a finite number"]),
        ["min learning-rate ratio NaN"] = new(Train("training.min_learning_rate_ratio=NaN"), ["training.min_learning_rate_ratio: 'NaN' is not a finite number"]),
        ["dropout NaN"] = new(Train("model.dropout=nan"), ["model.dropout: 'nan' is not a finite number"]),
        ["rotary fraction Inf"] = new(Train("model.rotary_fraction=Infinity"), ["model.rotary_fraction: 'Infinity' is not a finite number"]),
        ["rotary base overflowing to Inf"] = new(Train("model.rotary_base=1e999"), ["model.rotary_base: '1e999' is not a finite number"]),
        ["layer-norm epsilon NaN"] = new(Train("model.layer_norm_eps=nan"), ["model.layer_norm_eps: 'nan' is not a finite number"]),
        ["a NaN on a sweep axis"] = new(Train("sweep={training.learning_rate: [0.001, nan]}"), ["sweep.training.learning_rate: 'nan' is not a finite number"]),

        // 2. sizes that cannot fit, refused before anything is written
        ["d_model 1e6"] = new(Train("model.d_model=1000000", "model.heads=1"), ["model.d_model: 1,000,000 needs about", "this machine has"]),
        ["batch 1e8"] = new(Train("training.batch_size=100000000"), ["training.batch_size: 100,000,000 needs about", "this machine has"]),
        ["anchor pool 1e8"] = new(Train("formats=[anchors]", "format_options.anchor_pool=100000000"), ["format_options.anchor_pool: 100,000,000 needs about"]),
        ["evaluation length 100000"] = new(Train("evaluation.lengths=[100000]"), ["evaluation.lengths: 100,000 needs about", "greedy decoding"]),
        ["eval --lengths 100000 of a trained run"] = new(["eval", "--run", "run", "--lengths", "100000"], ["--lengths: 100,000 needs about"]),
        ["attribution length 100000 in a sweep"] = new(["sweep", "tiny.yaml", "--out", "new", "--set", "attribution.lengths=[100000]"], ["attribution.lengths: 100,000 needs about"]),
        ["attribute --length 100000"] = new(["attribute", "--run", "run", "--length", "100000"], ["--length: 100,000 needs about"]),
        ["generate --max-length 2e9"] = new(["generate", "--task", "parity", "--format", "anchors", "--min-length", "1", "--max-length", "2000000000", "--count", "1", "--seed", "0", "--out", "new.jsonl"],
            ["--max-length: 2,000,000,000 needs about"]),
        ["generate --pool 1e8"] = new(["generate", "--task", "parity", "--format", "anchors", "--min-length", "1", "--max-length", "8", "--pool", "100000000", "--count", "1", "--seed", "0", "--out", "new.jsonl"],
            ["--pool: 100,000,000 needs about"]),

        // library errors about an input the user gave as a flag name the flag, also inside the line
        ["sweep --slurm --gpus 1"] = new(["sweep", "tiny.yaml", "--out", "new", "--slurm", "--gpus", "1"],
            ["--gpus: 1 refused: this build of Mnemo trains on the CPU only", "leave --gpus out and give the trials --cpus"]),
        ["train --save-hf of a run from scratch"] = new(["train", "--config", "tiny.yaml", "--out", "new", "--save-hf", "hf"],
            ["--save-hf: only a run that fine-tunes a pretrained checkpoint (pretrained.path)"]),
        ["sweep --scale of a file without scales"] = new(["sweep", "tiny.yaml", "--out", "new", "--scale", "paper"], ["--scale: paper: tiny.yaml defines no scales"]),

        // resume: only the settings that can change safely
        ["train --resume --set of a model field"] = new(["train", "--resume", "run", "--set", "model.layers=2"],
            ["--set: model.layers: cannot change when a run resumes", "what can change: training.learning_rate, training.grad_clip, training.steps"]),
        ["train --resume --set of a NaN learning rate"] = new(["train", "--resume", "run", "--set", "training.learning_rate=nan"], ["training.learning_rate: 'nan' is not a finite number"]),
        ["train --resume --set of a trained run"] = new(["train", "--resume", "run", "--set", "training.learning_rate=0.001"], ["--set: run is trained already: there is no checkpoint to continue"]),

        // 2. inputs read with bounds
        ["config /dev/zero"] = new(["train", "--config", "/dev/zero", "--out", "new"], ["/dev/zero: cannot read the experiment file: it is a device, not a regular file"]),
        ["config a FIFO"] = new(["train", "--config", "pipe.yaml", "--out", "new"], ["pipe.yaml: cannot read the experiment file: it is a named pipe (FIFO)"]),
        ["config a folder"] = new(["sweep", "mine", "--out", "new"], ["mine: cannot read the experiment file: it is a folder"]),
        ["config a 36 MB file of 12 M lengths"] = new(["sweep", "huge.yaml", "--out", "new"], ["huge.yaml: the experiment file is", "more than the 1,048,576 this reads"]),
        ["config missing"] = new(["sweep", "nope.yaml", "--out", "new"], ["nope.yaml: cannot read the experiment file (no such file)"]),

        // 3. folders Mnemo did not create, duplicates
        ["train --out a folder of one's own files"] = new(["train", "--config", "tiny.yaml", "--out", "mine"], ["--out: ", "mine exists and is not a run folder", "add --force"]),
        ["train --out own files with --force, a name clash"] = new(["train", "--config", "tiny.yaml", "--out", "mine", "--force"], ["results.csv was not written by Mnemo", "never replaced"]),
        ["attribute --out a folder of one's own files"] = new(["attribute", "--run", "run", "--length", "4", "--out", "mine-no-clash"], ["--out: ", "mine-no-clash exists and is not a map folder", "add --force"]),
        ["attribute --out own files with --force, a name clash"] = new(["attribute", "--run", "run", "--length", "4", "--out", "mine-maps", "--force"], ["attention-L0-H1.png was not written by Mnemo", "never replaced"]),
        ["sweep --out a folder of one's own files"] = new(["sweep", "tiny.yaml", "--out", "mine-no-clash"], ["mine-no-clash exists and is not a sweep folder"]),
        ["generate --out a file of one's own"] = new(["generate", "--task", "parity", "--format", "scratchpad", "--min-length", "2", "--max-length", "4", "--count", "3", "--seed", "0", "--out", "mine/notes.txt"],
            ["--out: ", "notes.txt exists; pass --force to replace it"]),
        ["generate a misspelt format"] = new(["generate", "--task", "parity", "--format", "scratchpd", "--min-length", "2", "--max-length", "4", "--count", "3", "--seed", "0", "--out", "new.jsonl"],
            ["--format: unknown format 'scratchpd' for task parity, did you mean 'scratchpad'? (allowed: direct, scratchpad"]),
        ["generate --out a folder, even with --force"] = new(["generate", "--task", "parity", "--format", "scratchpad", "--min-length", "2", "--max-length", "4", "--count", "3", "--seed", "0", "--out", "mine", "--force"],
            ["--out: mine is a folder; give a file name (e.g. mine/data.jsonl)"]),
        ["generate with a pool too small for --max-length"] = new(["generate", "--task", "parity", "--format", "anchors", "--min-length", "2", "--max-length", "40", "--pool", "20", "--count", "3", "--seed", "0", "--out", "new.jsonl"],
            ["--pool: anchors needs 40 distinct anchors for length 40, but the pool has only 20 (raise --pool to at least 40)"]),
        ["seeds listed twice"] = new(["sweep", "seeds-twice.yaml", "--out", "new"], ["seeds: 0 is listed twice", "seeds-twice.yaml:4"]),
        ["a format listed twice"] = new(Train("formats=[scratchpad, scratchpad]"), ["formats: scratchpad is listed twice"]),
        ["one scheme under two names"] = new(Train("schemes=[randomized, randomized-learned]"), ["schemes: two entries name the same trial"]),
        ["an attribution length listed twice"] = new(Train("attribution.lengths=[4, 4]"), ["attribution.lengths: 4 is listed twice"]),

        // 4. integrity
        ["eval a model whose header dtype was changed"] = new(["eval", "--run", "{copy}"], ["model.safetensors: tensor", "is stored as I32, but Mnemo writes it as F32", "refused, not converted"],
            copy => RetypedModel(Path.GetDirectoryName(Path.GetDirectoryName(copy)!)!, copy, "model.safetensors")),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_input_is_refused_with_exit_code_2_one_line_and_no_change(string name)
    {
        var bad = Cases[name];
        var copy = Path.Combine(fixture.Root, "copies", Regex.Replace(name, "[^a-z0-9]+", "-"));
        bad.Setup?.Invoke(copy);
        var args = bad.Args.Select(a => a.Replace("{copy}", copy)).ToArray();
        var before = ReliabilityKit.Fingerprint(fixture.Root);

        var (exit, _, err) = ReliabilityKit.Process(fixture.Root, args);

        Assert.True(exit == 2, $"exit {exit}: {err}");
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        foreach (var expected in bad.Expect) Assert.Contains(expected, line);
        Assert.DoesNotMatch(@"System\.|Exception|   at ", line);
        Assert.Equal(before, ReliabilityKit.Fingerprint(fixture.Root));
        Assert.False(Directory.Exists(Path.Combine(fixture.Root, "new")));
        Assert.False(File.Exists(Path.Combine(fixture.Root, "new.jsonl")));
        Assert.False(Directory.Exists(Path.Combine(fixture.Root, "hf")));
    }

    /// <summary>docs/reliability.md states how many bad inputs this table tries; the number follows the table.</summary>
    [Fact]
    public void The_documented_count_is_the_table_s()
    {
        var doc = File.ReadAllText(Repository.File("docs", "reliability.md"));
        var stated = Regex.Match(doc, @"(\d+) bad inputs");
        Assert.True(stated.Success, "docs/reliability.md names no count of bad inputs");
        Assert.Equal(Cases.Count, int.Parse(stated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
