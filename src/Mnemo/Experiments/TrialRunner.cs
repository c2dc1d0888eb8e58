using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Checkpoints;
using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Models.Positions;
using Mnemo.Runtime;
using Mnemo.Tasks;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>Trains one run into its folder (continuing from its checkpoint when a previous process was
/// stopped), and evaluates a trained run over lengths. Everything that can be checked without training
/// is checked before the first file is written.</summary>
public static class TrialRunner
{
    /// <param name="resumed">Called with the checkpoint step when training continues a previous process's work.</param>
    /// <param name="changes">Settings that change from the step training continues at (checked by
    /// <see cref="ResumeChanges.Parse"/>): recorded in the run, then applied with the earlier recorded ones.</param>
    /// <param name="timer">Told where the time went: start-up until the first step, training, held-out checks, saving.</param>
    public static TrainingSummary Train(RunSetup setup, RunFolder folder, Action<TrainingProgress>? report = null, CancellationToken cancel = default,
        Action<int>? resumed = null, IReadOnlyList<ResumeChanges.Change>? changes = null, TrialTimer? timer = null)
    {
        Preflight(setup);
        if (folder.HasRun) folder.RequireSameRun(setup.Config);
        // a damaged checkpoint stops us before any write
        var saved = File.Exists(folder.Checkpoint) ? TrainingCheckpoint.Peek(folder.Checkpoint) : null;
        // a parallel sweep's trial ran on fewer threads than a sequential rerun would give it
        using var threads = TorchRuntime.WithThreads(setup.Config.Training.Threads == 0 ? saved?.Threads ?? 0 : 0);
        folder.Create();
        using var held = folder.Lock();
        folder.RemoveTemporaries();
        if (!folder.HasRun) ConfigFiles.SaveRun(setup.Config, folder.Config);
        if (!File.Exists(folder.Vocabulary)) setup.Vocabulary.Save(folder.Vocabulary);
        File.Delete(folder.Results); // from an earlier training of this folder, if any: no longer true
        if (changes is { Count: > 0 }) ResumeChanges.Record(folder, saved?.Step ?? 0, changes);
        var training = ResumeChanges.Effective(setup.Config, folder).Training;

        MallocTuning.ForTraining(); // freed memory comes back without a fault per 4 KiB page (docs/performance.md)
        using var model = setup.CreateModel();
        JsonLines? metrics = null;
        TensorBoardLog? tensorBoard = null;
        TrainingOutcome outcome;
        try
        {
            var trainer = new Trainer(model, setup.Source, training, setup.Positions, setup.Config.DataSeed, setup.PretrainSource)
            {
                FrozenEmbeddingRows = setup.FrozenEmbeddingRows,
                Checkpoints = new Checkpointing(folder.Checkpoint, setup.Config.Training.CheckpointEvery, Identity(setup.Config)),
                Started = start =>
                {
                    timer?.Lap(TrialPhase.Startup);
                    // the curve up to the checkpoint stays; whatever the stopped process logged after it is redone
                    JsonLines.KeepWhile(folder.Metrics, line => line.TryGetProperty("step", out var s) && s.TryGetInt32(out var n) && n <= start);
                    metrics = new JsonLines(folder.Metrics);
                    tensorBoard = new TensorBoardLog(folder.Path);
                    if (start > 0) resumed?.Invoke(start);
                },
            };
            outcome = trainer.Train(p => { metrics!.Append(p); tensorBoard!.Append(p); report?.Invoke(p); }, cancel);
        }
        finally { metrics?.Dispose(); }
        timer?.Lap(TrialPhase.Training);
        timer?.Move(TrialPhase.Training, TrialPhase.HeldOutChecks, outcome.HeldOutSeconds);
        timer?.Move(TrialPhase.Training, TrialPhase.Saving, outcome.CheckpointSeconds);
        ModelCheckpoint.Save(model, folder.Model);
        var summary = new TrainingSummary(outcome.Steps, outcome.Seconds, outcome.Tokens, outcome.ReachedPerfect,
            outcome.FinalLoss, outcome.HeldOutExact, model.ParameterCount(), outcome.Tokens / Math.Max(1e-9, outcome.Seconds));
        AtomicFile.WriteAllText(folder.Training, JsonSerializer.Serialize(summary, ConfigFiles.Json));
        File.Delete(folder.Checkpoint); // the run is trained: model.safetensors and training.json replace it
        timer?.Lap(TrialPhase.Saving);
        return summary;
    }

    /// <summary>What a checkpoint must have been written for: everything that changes what is trained
    /// (not the thread count, not how often checkpoints are written). Settings at their defaults are left
    /// out, so a later version that adds a setting (its default keeping the old behaviour) still resumes
    /// the checkpoints of this one.</summary>
    public static string Identity(RunConfig config) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(IdentityJson(config).ToJsonString())))[..32];

    /// <summary>What <see cref="Identity"/> hashes.</summary>
    public static JsonObject IdentityJson(RunConfig config)
    {
        var what = new JsonObject
        {
            ["task"] = config.Task,
            ["format"] = config.Format,
            ["seed"] = config.Seed,
            ["format_options"] = WithoutDefaults(config.FormatOptions, new FormatOptions()),
            ["model"] = WithPretrained(WithoutDefaults(config.Model, new ModelConfig()), config.Pretrained),
            ["training"] = WithoutDefaults(config.Training with { Threads = 0, CheckpointEvery = 0 }, new TrainingConfig()),
        };
        // added after the other sections and only when set, so the identities of earlier runs stay as they were
        if (WithoutDefaults(config.TaskOptions, new TaskOptions()) is { Count: > 0 } taskOptions) what["task_options"] = taskOptions;
        return what;
    }

    /// <summary>Model settings as identities were computed when the pretrained checkpoint was a model setting, so
    /// that stopped fine-tuning runs of those versions still resume: model.pretrained and model.anchor_tokens right
    /// after model.logn_base, and the derived is_pretrained: true right before head_dim (the model's computed
    /// properties were serialized too, in declaration order: epsilon, is_pretrained, head_dim).</summary>
    private static JsonObject WithPretrained(JsonObject model, Pretrained.PretrainedConfig? pretrained)
    {
        if (pretrained is null) return model;
        string[] before = ["layers", "d_model", "heads", "mlp_width", "dropout", "tie_embeddings", "scheme", "max_positions",
            "rotary_fraction", "rotary_base", "attention_scaling", "logn_base", "short_conv"];
        var entries = model.ToList();
        model.Clear();
        var result = new JsonObject();
        int source = entries.FindIndex(e => !before.Contains(e.Key)), flag = entries.FindIndex(e => e.Key == "head_dim");
        for (int i = 0; i <= entries.Count; i++)
        {
            if (i == (source < 0 ? entries.Count : source))
            {
                result["pretrained"] = pretrained.Path;
                if (pretrained.AnchorTokens is { } anchors) result["anchor_tokens"] = anchors;
            }
            if (i == (flag < 0 ? entries.Count : flag)) result["is_pretrained"] = true;
            if (i < entries.Count) result[entries[i].Key] = entries[i].Value;
        }
        return result;
    }

    private static JsonObject WithoutDefaults<T>(T value, T defaults)
    {
        var node = JsonSerializer.SerializeToNode(value, ConfigFiles.Json)!.AsObject();
        var standard = JsonSerializer.SerializeToNode(defaults, ConfigFiles.Json)!.AsObject();
        foreach (var key in node.Select(kv => kv.Key).ToList())
            if (JsonNode.DeepEquals(node[key], standard[key])) node.Remove(key);
        return node;
    }

    /// <summary>Refuses, before anything is written or trained, a run whose position table cannot hold its
    /// training sequences, its evaluation lengths or the <paramref name="alsoLengths"/> (attribution).</summary>
    public static void Preflight(RunSetup setup, IEnumerable<int>? alsoLengths = null)
    {
        var config = setup.Config;
        // attribution draws its example's positions like evaluation does: its lengths must fit the range too
        // (evaluation and training lengths were checked when the set-up was built)
        foreach (var length in alsoLengths ?? [])
            setup.RequireRange(EvaluationSet.LongestSequence(setup.Source, config.Evaluation, length), training: false, $"attribution.lengths up to {length}");
        if (setup.PositionTable is not { } table) return;
        // a pretrained table is the checkpoint's (n_positions): it cannot grow
        string raise = setup.Checkpoint is null ? "raise model.max_positions (0: sized automatically)" : "the checkpoint's position table cannot grow";
        int trainingNeeds = setup.Positions.Extent(setup.LongestTrainingSequence);
        PositionCapacity.Require(table, trainingNeeds, _ =>
            $"model.max_positions: training sequences of length {config.Training.MaxLength} need {trainingNeeds} positions, but the {config.Model.Scheme} table holds {table}; {raise}");
        int Needs(int length) => setup.EvaluationExtent(config.Evaluation, length);
        foreach (var length in config.Evaluation.LengthsOrDefault.Concat(alsoLengths ?? []).Distinct().Order())
        {
            int needs = Needs(length);
            if (PositionCapacity.Fits(table, needs)) continue;
            int fits = RunSetup.LongestFitting(length, l => PositionCapacity.Fits(table, Needs(l)));
            throw new MnemoException(
                $"evaluation.lengths: length {length} needs {needs} positions, but the {config.Model.Scheme} table (model.max_positions) holds {table}; the longest length that fits is {fits}: {raise} or evaluate shorter lengths");
        }
    }

    public static TrainingSummary LoadSummary(RunFolder folder)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(folder.Training), ConfigFiles.Json)
                   ?? throw new MnemoException($"{folder.Training}: empty");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new MnemoException($"{folder.Training}: cannot read the training summary ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Loads the trained model of a run folder.</summary>
    public static TransformerLM LoadModel(RunSetup setup, RunFolder folder)
    {
        var model = setup.CreateModel(pretrainedWeights: false);
        try { ModelCheckpoint.Load(model, folder.Model); }
        catch { model.Dispose(); throw; }
        model.eval();
        return model;
    }

    /// <summary>Writes a trained pretrained run's model in the Hugging Face layout of its checkpoint
    /// (config.json, model.safetensors, tokenizer.json with the added tokens) into <paramref name="outDir"/>.</summary>
    /// <param name="force">Write into an existing folder that Mnemo did not write (<see cref="ForeignFolder"/>).</param>
    public static void SaveHuggingFace(RunSetup setup, RunFolder folder, string outDir, bool force = false)
    {
        CheckHuggingFaceFolder(setup, outDir, force);
        if (!folder.IsTrained) throw new MnemoException($"{folder.Path}: not trained yet; nothing to save");
        using var model = LoadModel(setup, folder);
        Pretrained.HfCheckpointWriter.Save(setup.Checkpoint!, model, setup.Symbols!.NewTokens, outDir);
    }

    /// <summary>Everything <see cref="SaveHuggingFace"/> checks of its folder, without writing: the run fine-tunes
    /// a checkpoint, the folder is not that checkpoint, can be written, and is new, empty or Mnemo's own export
    /// unless <paramref name="force"/> (and even then none of its files is replaced).</summary>
    public static void CheckHuggingFaceFolder(RunSetup setup, string outDir, bool force)
    {
        if (setup.Checkpoint is null || setup.Symbols is null) throw NotPretrained();
        Pretrained.HfCheckpointWriter.RequireOtherFolder(setup.Checkpoint, outDir);
        OutputFolder.Check(outDir);
        ForeignFolder.Check(Path.GetFullPath(outDir), Pretrained.HfCheckpointWriter.Marker, Pretrained.HfCheckpointWriter.Files, force,
            "Hugging Face export", Pretrained.HfCheckpointWriter.Folder);
    }

    /// <summary>The refusal to write a from-scratch run in the Hugging Face layout.</summary>
    public static MnemoException NotPretrained() =>
        new(Pretrained.HfCheckpointWriter.Folder, $"only a run that fine-tunes a pretrained checkpoint (pretrained.path) can be saved in the Hugging Face layout");

    /// <summary>Accuracy per length of a trained run; writes the run's results.csv when <paramref name="save"/>.</summary>
    public static List<ResultRow> Evaluate(RunSetup setup, RunFolder folder, IReadOnlyList<int> lengths, Action<LengthResult>? report = null, bool save = true) =>
        Evaluate(setup, folder, setup.Config.Evaluation with { Lengths = lengths.ToList() }, report, save);

    /// <summary>Accuracy per length of a trained run under <paramref name="evaluation"/> (lengths, examples),
    /// with the model built as <paramref name="setup"/> (the run's own config) describes it. Every length
    /// is checked against the model before any is evaluated.</summary>
    public static List<ResultRow> Evaluate(RunSetup setup, RunFolder folder, EvaluationConfig evaluation, Action<LengthResult>? report = null, bool save = true)
    {
        var config = setup.Config;
        evaluation.Validate();
        if (!folder.IsTrained)
            throw new MnemoException($"{folder.Path}: not trained yet (no {(File.Exists(folder.Model) ? "training.json" : "model.safetensors")}); finish it with 'mnemo train --resume {folder.Path}'");
        var summary = LoadSummary(folder);
        using var model = LoadModel(setup, folder);
        var evaluator = new LengthEvaluator(model, setup.Source, setup.Positions, evaluation);
        foreach (var length in evaluation.LengthsOrDefault) evaluator.CheckCapacity(length);
        var rows = new List<ResultRow>();
        foreach (var length in evaluation.LengthsOrDefault)
        {
            var r = evaluator.Evaluate(length);
            report?.Invoke(r);
            rows.Add(new ResultRow(config.Task, config.Format, config.SchemeLabel, config.Seed, r.Length, r.Accuracy, r.Examples,
                r.TokenAccuracy, r.MeanFirstError, config.Training.MinLength, config.Training.MaxLength,
                summary.Steps, summary.Seconds, summary.Tokens) { Axes = config.Axes });
        }
        if (save) ResultRow.WriteCsv(folder.Results, rows);
        MallocTuning.ReleaseFreeMemory(); // decoding grows the cache a step at a time: give its heap fragments back
        return rows;
    }
}
