using Mnemo.Checkpoints;
using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Pretrained;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Tests.Pretrained;

public sealed class FineTuneTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-ft").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private RunConfig Config(string arch, string format = "scratchpad", int steps = 40, bool freeze = false) => new()
    {
        Task = "parity",
        Format = format,
        FormatOptions = new FormatOptions { AnchorPool = 12 },
        Pretrained = new PretrainedConfig { Path = TinyCheckpoints.Write(Path.Combine(dir, arch), arch) },
        Training = new TrainingConfig
        {
            MinLength = 2, MaxLength = 4, Steps = steps, BatchSize = 16, LearningRate = 3e-3, WarmupSteps = 5,
            EvalEvery = 20, EvalExamples = 16, LogEvery = 1, StopAfterPerfectChecks = 0, CheckpointEvery = 0, Threads = 1,
            FreezeEmbeddings = freeze,
        },
        Evaluation = new EvaluationConfig { Lengths = [3, 5], ExamplesPerLength = 8, BatchSize = 8 },
    };

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Fine_tuning_lowers_the_loss(string arch)
    {
        var setup = new RunSetup(Config(arch));
        Assert.Equal(arch switch { "gpt2" => "learned", "bloom" => "alibi", _ => "rope" }, setup.Config.Model.Scheme);
        using var model = setup.CreateModel();
        var losses = new List<double>();
        new Trainer(model, setup.Source, setup.Config.Training, setup.Positions, setup.Config.DataSeed).Train(p => losses.Add(p.Loss));
        Assert.True(losses.TakeLast(5).Average() < 0.7 * losses.Take(5).Average(), $"{arch}: loss {losses.Take(5).Average():0.000} → {losses.TakeLast(5).Average():0.000}");
    }

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Cached_decoding_of_a_pretrained_model_equals_full_recomputation(string arch)
    {
        var setup = new RunSetup(Config(arch, format: "anchors"));
        using var model = setup.CreateModel();
        // lengths 2..5 in one batch: the shorter prompts are left-padded
        var examples = Enumerable.Range(2, 4).SelectMany(n => EvaluationSet.Examples(setup.Source, setup.Config.Evaluation, n).Take(2)).ToList();
        var positions = examples.Select(e => setup.Positions.Sample(e.Length, new Random(0), training: false)).ToList();
        var cached = new GreedyDecoder(model, useCache: true).Decode(examples, positions);
        var full = new GreedyDecoder(model, useCache: false).Decode(examples, positions);
        Assert.Equal(full.Select(d => string.Join(' ', d.Tokens)), cached.Select(d => string.Join(' ', d.Tokens)));
    }

    [Fact]
    public void A_learned_table_too_short_for_an_evaluation_length_is_refused_before_training()
    {
        var setup = new RunSetup(Config("gpt2") with { Evaluation = new EvaluationConfig { Lengths = [3, 40] } });
        var error = Assert.Throws<MnemoException>(() => TrialRunner.Preflight(setup));
        Assert.Contains("the checkpoint's position table cannot grow", error.Message);
    }

    [Theory]
    [InlineData("bloom")]
    [InlineData("qwen3")] // grouped-query attention, q/k norms, untied head
    public void A_pretrained_run_trains_evaluates_and_saves_in_the_hugging_face_layout(string arch)
    {
        var setup = new RunSetup(Config(arch, format: "anchors", steps: 6));
        var folder = new RunFolder(Path.Combine(dir, "run"));
        TrialRunner.Train(setup, folder);
        var rows = TrialRunner.Evaluate(setup, folder, [3, 5]);
        Assert.Equal([3, 5], rows.Select(r => r.Length));
        var report = Mnemo.Experiments.RunAttribution.Run(new Mnemo.Attribution.AttributionRequest(folder.Path, 4, OutDir: Path.Combine(dir, "attribution"), TeacherForced: true));
        Assert.Contains(">>>", report.Map.Context);
        Assert.Contains(report.Map.Context, t => t.StartsWith('M')); // anchors shown as the format writes them

        var hf = Path.Combine(dir, "hf");
        TrialRunner.SaveHuggingFace(setup, folder, hf);
        var saved = HfCheckpoint.Open(hf);
        Assert.Equal(TinyCheckpoints.TokenizerSize + 12, saved.VocabSize); // 12 anchors added, the first 3 on padding rows
        Assert.Equal(TinyCheckpoints.TokenizerSize + 5, saved.Tokenizer.AddedId("M5"));

        // the saved folder is itself a checkpoint: fine-tuning it again finds the added anchors and adds nothing
        var again = new RunSetup(Config(arch, format: "anchors") with { Pretrained = new PretrainedConfig { Path = hf } });
        Assert.Empty(again.Symbols!.NewTokens);
        Assert.Equal(setup.Vocabulary.Id("M7"), again.Vocabulary.Id("M7"));
        using var trained = TrialRunner.LoadModel(setup, folder);
        using var reloaded = again.CreateModel();
        using var _ = no_grad();
        foreach (var (name, t) in trained.state_dict()) Assert.True(TinyCheckpoints.Identical(t, reloaded.state_dict()[name]), name);
    }

    [Fact]
    public void A_run_with_a_sentence_piece_style_tokenizer_trains_and_saves_tokens_numbered_as_the_library_numbers_them()
    {
        // a tiny Mistral checkpoint with the hand-made SentencePiece-style tokenizer.json (byte fallback, Prepend normalizer)
        var config = Config("mistral", format: "anchors", steps: 6);
        var tokenizer = SentencePieceTokenizerTests.Json(metaspace: false);
        File.WriteAllText(Path.Combine(config.Pretrained!.Path, "tokenizer.json"), tokenizer.ToJsonString());
        var setup = new RunSetup(config);
        int first = setup.Checkpoint!.Tokenizer.NextAddedId; // after the 278 pieces: the model's table is larger
        Assert.Equal(tokenizer["model"]!["vocab"]!.AsObject().Count, first);
        // no piece spells "0", "1", ">>>" or "===" alone (" 0" is "▁" + "<0x30>"): new tokens, then the 12 anchors
        Assert.Equal(["0", "1", "===", ">>>"], setup.Symbols!.NewTokens.Take(4).Select(t => t.Content).Order(StringComparer.Ordinal));
        var folder = new RunFolder(Path.Combine(dir, "run"));
        TrialRunner.Train(setup, folder);
        var hf = Path.Combine(dir, "hf");
        TrialRunner.SaveHuggingFace(setup, folder, hf);
        var saved = HfCheckpoint.Open(hf);
        Assert.Equal(HfTokenizer.SentencePieceSpace, saved.Tokenizer.SpaceMark);
        Assert.Equal(setup.Vocabulary.Id("M5"), saved.Tokenizer.AddedId("M5"));
        Assert.Equal(first + 16, saved.Tokenizer.NextAddedId);
        Assert.Empty(new RunSetup(config with { Pretrained = new PretrainedConfig { Path = hf } }).Symbols!.NewTokens);
    }

    [Fact]
    public void New_tokens_on_padding_rows_get_fresh_rows_and_every_other_row_is_the_checkpoint_s()
    {
        var setup = new RunSetup(Config("gpt_neox", format: "anchors"));
        using var model = setup.CreateModel();
        var weights = SafeTensors.Load(Path.Combine(setup.Checkpoint!.Folder, "model.safetensors"));
        int tokenizer = TinyCheckpoints.TokenizerSize, padded = TinyCheckpoints.VocabSize;
        Assert.Equal(tokenizer, setup.Vocabulary.Id("M0"));
        Assert.Equal(tokenizer + 12, model.VocabSize);
        foreach (var (ours, theirs) in new[] { ("tokens.weight", "gpt_neox.embed_in.weight"), ("head.weight", "embed_out.weight") })
        {
            var table = model.state_dict()[ours];
            Assert.True(TinyCheckpoints.Identical(table[..tokenizer], weights[theirs][..tokenizer]), ours);
            for (int row = tokenizer; row < padded; row++) // padding rows that now hold anchors: the seeded init, not the checkpoint's
                Assert.False(TinyCheckpoints.Identical(table[row], weights[theirs][row]), $"{ours} row {row}");
        }
    }

    [Fact]
    public void The_load_summary_names_family_parameters_dtype_on_disk_vocabulary_and_added_tokens()
    {
        var setup = new RunSetup(Config("gpt_neox", format: "anchors"));
        var weights = Path.Combine(setup.Checkpoint!.Folder, "model.safetensors");
        var tensors = SafeTensors.Load(weights);
        SafeTensors.Save(weights, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.to(bfloat16)));
        long parameters = tensors.Where(kv => !kv.Key.EndsWith(".inv_freq")).Sum(kv => kv.Value.numel());
        Assert.Equal(15_344, parameters);
        int first = TinyCheckpoints.TokenizerSize;
        Assert.Equal($"gpt_neox: gpt_neox, 15.3k parameters, bfloat16 on disk; vocabulary {first} tokenizer ids / {TinyCheckpoints.VocabSize} embedding rows; " +
                     $"12 tokens added (ids {first}–{first + 11}: 3 on padding rows, 9 new rows)", setup.Checkpoint.Summary(setup.Symbols!, setup.Config.Model));
    }

    [Fact]
    public void Frozen_embeddings_keep_the_checkpoint_rows_and_train_the_added_ones()
    {
        var setup = new RunSetup(Config("gpt2", format: "anchors", steps: 5, freeze: true));
        using var model = setup.CreateModel();
        using var before = model.TokenEmbeddings.detach().clone();
        using var positionsBefore = model.state_dict()["positions.table.weight"].detach().clone();
        new Trainer(model, setup.Source, setup.Config.Training, setup.Positions, setup.Config.DataSeed) { FrozenEmbeddingRows = setup.FrozenEmbeddingRows }.Train();
        int rows = TinyCheckpoints.TokenizerSize; // the anchors start here, on the checkpoint's padding rows
        Assert.True(TinyCheckpoints.Identical(model.TokenEmbeddings[..rows], before[..rows]));
        Assert.False(TinyCheckpoints.Identical(model.TokenEmbeddings[rows..], before[rows..]));
        Assert.True(TinyCheckpoints.Identical(model.state_dict()["positions.table.weight"], positionsBefore));
    }

    [Fact]
    public void Pretrained_options_are_checked()
    {
        var config = Config("gpt2");
        Assert.Contains("pretrained.path: give the checkpoint folder", Assert.Throws<MnemoException>(() => (config with { Pretrained = new PretrainedConfig { AnchorTokens = "existing" } }).Validate()).Message);
        Assert.Contains("training.freeze_embeddings", Assert.Throws<MnemoException>(() => (Config("gpt2", freeze: true) with { Pretrained = null }).Validate()).Message);
        Assert.Contains("checkpoint folder not found", Assert.Throws<MnemoException>(() => new RunSetup(config with { Pretrained = new PretrainedConfig { Path = Path.Combine(dir, "nowhere") } })).Message);
        Assert.Contains("pretrained.anchor_tokens: must be added or existing, got 'both'", Assert.Throws<MnemoException>(() => new RunSetup(config with { Pretrained = config.Pretrained! with { AnchorTokens = "both" } })).Message);
    }

    [Fact]
    public void From_scratch_configs_serialize_as_before()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new RunConfig(), ConfigFiles.Json);
        foreach (var key in new[] { "pretrained", "anchor_tokens", "gelu_tanh", "layer_norm_eps", "embedding_norm", "parallel_residual", "freeze_embeddings" })
            Assert.DoesNotContain($"\"{key}\"", json);
    }
}
