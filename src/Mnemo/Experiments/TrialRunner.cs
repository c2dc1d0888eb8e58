using System.Text.Json;
using Mnemo.Checkpoints;
using Mnemo.Evaluation;
using Mnemo.Models;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>Trains one run into its folder, and evaluates a trained run over lengths.</summary>
public static class TrialRunner
{
    public static TrainingSummary Train(RunSetup setup, RunFolder folder, Action<TrainingProgress>? report = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(folder.Path);
        ConfigFiles.SaveRun(setup.Config, folder.Config);
        setup.Vocabulary.Save(folder.Vocabulary);
        File.Delete(folder.Metrics);
        using var model = setup.CreateModel();
        var trainer = new Trainer(model, setup.Source, setup.Config.Training, setup.Positions, setup.Config.DataSeed);
        TrainingOutcome outcome;
        using (var metrics = new JsonLines(folder.Metrics))
            outcome = trainer.Train(p => { metrics.Append(p); report?.Invoke(p); }, cancel);
        ModelCheckpoint.Save(model, folder.Model);
        var summary = new TrainingSummary(outcome.Steps, outcome.Seconds, outcome.Tokens, outcome.ReachedPerfect,
            outcome.FinalLoss, outcome.HeldOutExact, model.ParameterCount(), outcome.Tokens / Math.Max(1e-9, outcome.Seconds));
        AtomicFile.WriteAllText(folder.Training, JsonSerializer.Serialize(summary, ConfigFiles.Json));
        return summary;
    }

    public static TrainingSummary LoadSummary(RunFolder folder)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(folder.Training), ConfigFiles.Json)
                   ?? throw new MnemoException($"{folder.Training}: empty");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new MnemoException($"{folder.Training}: cannot read the training summary ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Loads the trained model of a run folder.</summary>
    public static TransformerLM LoadModel(RunSetup setup, RunFolder folder)
    {
        var model = setup.CreateModel();
        try { ModelCheckpoint.Load(model, folder.Model); }
        catch { model.Dispose(); throw; }
        model.eval();
        return model;
    }

    /// <summary>Accuracy per length of a trained run; writes the run's results.csv when <paramref name="save"/>.</summary>
    public static List<ResultRow> Evaluate(RunSetup setup, RunFolder folder, IReadOnlyList<int> lengths, Action<LengthResult>? report = null, bool save = true)
    {
        var config = setup.Config;
        var evaluation = config.Evaluation with { Lengths = lengths.ToList() };
        var summary = LoadSummary(folder);
        using var model = LoadModel(setup, folder);
        var evaluator = new LengthEvaluator(model, setup.Source, setup.Positions, evaluation);
        foreach (var length in lengths) evaluator.CheckCapacity(length);
        var rows = new List<ResultRow>();
        foreach (var length in lengths)
        {
            var r = evaluator.Evaluate(length);
            report?.Invoke(r);
            rows.Add(new ResultRow(config.Task, config.Format, config.Model.Scheme, config.Seed, r.Length, r.Accuracy, r.Examples,
                r.TokenAccuracy, r.MeanFirstError, config.Training.MinLength, config.Training.MaxLength,
                summary.Steps, summary.Seconds, summary.Tokens));
        }
        if (save) ResultRow.WriteCsv(folder.Results, rows);
        return rows;
    }
}
