using System.Text.Json;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>One logged step of a run's metrics.jsonl.</summary>
/// <param name="HeldOutExact">Held-out exact match (0..1) at the steps that checked it, else null.</param>
public sealed record CurvePoint(int Step, double Loss, double LearningRate, double? HeldOutExact);

/// <summary>The training curve of one trial of a sweep, and the steps its copy warm-up
/// (<c>training.pretrain_steps</c>) and its length curriculum (<c>training.curriculum_steps</c>) ended at,
/// 0 when it had none.</summary>
public sealed record TrainingCurve(string Name, IReadOnlyList<CurvePoint> Points, int WarmupEnd, int CurriculumEnd = 0);

/// <summary>The training curves of a sweep's trials, read from each run's metrics.jsonl (as far as it got:
/// a running trial's curve too), named like the accuracy plot's configurations, with the seed where the
/// sweep has several.</summary>
public static class TrainingCurves
{
    public static List<TrainingCurve> Read(SweepFolder sweep)
    {
        var trials = sweep.Manifest.Trials;
        var names = ConfigurationNames.Of(trials);
        bool seeds = trials.Select(t => t.Seed).Distinct().Count() > 1;
        var curves = new List<TrainingCurve>();
        foreach (var trial in trials)
        {
            var run = sweep.Run(trial);
            var points = JsonLines.ReadComplete(run.Metrics).Select(Point).OfType<CurvePoint>().ToList();
            if (points.Count == 0) continue;
            var name = names.Name(trial.Format, trial.Scheme, trial.Axes) + (seeds ? $" s{trial.Seed}" : "");
            var (warmupEnd, curriculumEnd) = PhaseEnds(run);
            curves.Add(new TrainingCurve(name, points, warmupEnd, curriculumEnd));
        }
        return curves;
    }

    private static CurvePoint? Point(JsonElement line)
    {
        double? Number(string key) => line.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        if (Number("step") is not { } step || Number("loss") is not { } loss || Number("learning_rate") is not { } rate) return null;
        return new CurvePoint((int)step, loss, rate, Number("held_out_exact"));
    }

    /// <summary>The last steps of the copy warm-up and of the length curriculum, from the run's config.json
    /// (0: none, or no readable config).</summary>
    private static (int WarmupEnd, int CurriculumEnd) PhaseEnds(RunFolder run)
    {
        try
        {
            var training = ConfigFiles.LoadRun(run.Config).Training;
            return (training.PretrainTask != "" ? training.PretrainSteps : 0, training.CurriculumSteps);
        }
        catch (MnemoException) { return (0, 0); }
    }
}
