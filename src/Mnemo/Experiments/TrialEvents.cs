using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemo.Evaluation;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>One observer call of a trial, or its failure, as a JSON line: how a trial running in a child
/// process (<see cref="TrialProtocol"/>) reports to the sweep that started it (<see cref="TrialProcesses"/>).</summary>
/// <param name="Error">Event <c>failed</c>: the one-line reason the trial stopped.</param>
public sealed record TrialEvent(string Event, TrainingProgress? Progress = null, LengthResult? Result = null,
    TrainingSummary? Summary = null, int? Step = null, string? Error = null)
{
    private static readonly JsonSerializerOptions Compact =
        new(ConfigFiles.Json)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a length with no error has a NaN first error
        };

    public string ToJson() => JsonSerializer.Serialize(this, Compact);

    /// <summary>The event on <paramref name="line"/>, or null when the line is none (e.g. a plain message of the child).</summary>
    public static TrialEvent? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try { return JsonSerializer.Deserialize<TrialEvent>(line, Compact); }
        catch (JsonException) { return null; }
    }

    /// <summary>Replays a line on <paramref name="observer"/> as a call for <paramref name="trial"/>; false
    /// (and nothing called) when the line is not an event, e.g. a plain message of the child.</summary>
    public static bool Replay(string line, RunConfig trial, IExperimentObserver observer) =>
        Parse(line) is { } e && e.Replay(trial, observer);

    /// <summary>Replays this event on <paramref name="observer"/>; false when it is no observer call (<c>failed</c>).</summary>
    public bool Replay(RunConfig trial, IExperimentObserver observer)
    {
        switch (this)
        {
            case { Event: "started" }: observer.TrialStarted(trial); return true;
            case { Event: "training", Progress: { } p }: observer.Training(trial, p); return true;
            case { Event: "evaluated", Result: { } r }: observer.Evaluated(trial, r); return true;
            case { Event: "finished", Summary: { } s }: observer.TrialFinished(trial, s); return true;
            case { Event: "resumed", Step: { } step }: observer.TrialResumed(trial, step); return true;
            case { Event: "skipped" }: observer.TrialSkipped(trial); return true;
            default: return false;
        }
    }
}

/// <summary>Writes every call it observes as a <see cref="TrialEvent"/> line (the child side of
/// <see cref="TrialProcesses"/>); each line is written whole and flushed.</summary>
public sealed class TrialEventWriter(TextWriter output) : IExperimentObserver
{
    private readonly Lock gate = new();

    public void TrialStarted(RunConfig trial) => Write(new("started"));
    public void Training(RunConfig trial, TrainingProgress progress) => Write(new("training", Progress: progress));
    public void Evaluated(RunConfig trial, LengthResult result) => Write(new("evaluated", Result: result));
    public void TrialFinished(RunConfig trial, TrainingSummary summary) => Write(new("finished", Summary: summary));
    public void TrialResumed(RunConfig trial, int step) => Write(new("resumed", Step: step));
    public void TrialSkipped(RunConfig trial) => Write(new("skipped"));
    public void Failed(string error) => Write(new("failed", Error: error));

    private void Write(TrialEvent e)
    {
        lock (gate)
        {
            output.WriteLine(e.ToJson());
            output.Flush();
        }
    }
}
