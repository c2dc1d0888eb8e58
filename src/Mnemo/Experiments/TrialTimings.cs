using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemo.Runtime;

namespace Mnemo.Experiments;

/// <summary>timings.json of a run folder: where the wall time of the process that finished a trial went, in
/// seconds. The parts are consecutive stretches of one clock (<see cref="TrialTimer"/>), so they add up to
/// <see cref="Total"/> but for the moments between the last stretch and the end. A trial resumed from a
/// checkpoint counts only this process's share (training.json has the whole training time).</summary>
/// <param name="Startup">Before the first training step: for a trial process its own start (the .NET runtime and
/// libtorch loading, the sweep checked), then the run's set-up, the model built, a checkpoint or a trained model loaded.</param>
/// <param name="Training">Training steps (sampling, forward, backward, update, logging), without the two below.</param>
/// <param name="HeldOutChecks">Held-out checks during training (<c>training.eval_every</c>).</param>
/// <param name="Evaluation">Greedy decoding over <c>evaluation.lengths</c>, results.csv written.</param>
/// <param name="Attribution">Attribution maps (<c>attribution.lengths</c>).</param>
/// <param name="Saving">Checkpoints during training, model.safetensors and training.json at its end.</param>
/// <param name="Total">Wall time from the trial's start to the end of its evaluation, measured on its own.</param>
public sealed record TrialTimings(double Startup, double Training, double HeldOutChecks, double Evaluation, double Attribution,
    double Saving, double Total)
{
    public const string FileName = "timings.json";

    /// <summary>The parts' sum (at most <see cref="Total"/>); derived, so not written to timings.json.</summary>
    [JsonIgnore]
    public double Parts => Startup + Training + HeldOutChecks + Evaluation + Attribution + Saving;

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, ConfigFiles.Json));

    /// <summary>The timings in <paramref name="path"/>, or null when there are none (a trial finished before they
    /// were recorded) or they cannot be read: they are a report, never needed to continue a sweep.</summary>
    public static TrialTimings? TryLoad(string path)
    {
        try { return File.Exists(path) ? JsonSerializer.Deserialize<TrialTimings>(File.ReadAllText(path), ConfigFiles.Json) : null; }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The sum of several trials' timings, part by part.</summary>
    public static TrialTimings Sum(IEnumerable<TrialTimings> all) => all.Aggregate(new TrialTimings(0, 0, 0, 0, 0, 0, 0), (a, b) => new(
        a.Startup + b.Startup, a.Training + b.Training, a.HeldOutChecks + b.HeldOutChecks, a.Evaluation + b.Evaluation,
        a.Attribution + b.Attribution, a.Saving + b.Saving, a.Total + b.Total));

    /// <summary>One line: each part in seconds and its share of the total.</summary>
    public string Describe()
    {
        string Part(string name, double seconds) => string.Create(CultureInfo.InvariantCulture,
            $"{name} {seconds:0.0} s ({(Total > 0 ? seconds / Total : 0):0%})");
        return string.Create(CultureInfo.InvariantCulture, $"{Total:0.0} s: ") + string.Join(", ",
            Part("start-up", Startup), Part("training", Training), Part("held-out checks", HeldOutChecks),
            Part("evaluation", Evaluation), Part("attribution", Attribution), Part("saving", Saving));
    }
}
