using System.Text.Json;

namespace Mnemo.Experiments;

/// <summary>sweep.json: what an output folder holds, written when a sweep starts: the experiment (as its
/// file said it, and the settings it was run with), every trial with its run folder and axis values, and
/// the command that produced it. A sweep run again on the folder (to continue it, or to draw more
/// attribution maps) appends its command to <see cref="Invocations"/>; the top-level fields describe the
/// latest, and <see cref="AttributionLengths"/> gathers the lengths of all. <c>mnemo report</c> and
/// <c>--status</c> read it; they never need the experiment file.</summary>
public sealed record SweepManifest
{
    public const string FileName = "sweep.json";

    public string Name { get; init; } = "";
    public string? Figure { get; init; }
    public string? Description { get; init; }
    public string Task { get; init; } = "";
    public string? Scale { get; init; }
    /// <summary>The command line that ran the sweep, for the report's "how to reproduce".</summary>
    public string Command { get; init; } = "";
    public string? ExperimentFile { get; init; }
    /// <summary>The experiment file's text as it was when the sweep started.</summary>
    public string ExperimentText { get; init; } = "";
    public List<string> Overrides { get; init; } = [];
    /// <summary>Results columns of the further sweep axes (beyond format, scheme and seed).</summary>
    public List<string> Axes { get; init; } = [];
    public int TrainMinLength { get; init; }
    public int TrainMaxLength { get; init; }
    public List<int> Lengths { get; init; } = [];
    public List<int> AttributionLengths { get; init; } = [];
    public List<SweepTrial> Trials { get; init; } = [];
    /// <summary>Combinations of the axes that are not trials, each the same data as one that is
    /// (<see cref="ExperimentConfig.TrainedOnce"/>): results.csv has no rows under their values.</summary>
    public List<SameDataTrial> TrainedOnce { get; init; } = [];
    /// <summary>Every <c>mnemo sweep</c> that ran in this folder, oldest first (a manifest written before
    /// this list existed starts it with its own command, without a time).</summary>
    public List<SweepInvocation> Invocations { get; init; } = [];

    /// <param name="trials">the experiment's trials as they will run (a pretrained trial's architecture resolved)</param>
    public static SweepManifest Describe(ExperimentConfig experiment, IReadOnlyList<RunConfig> trials, SweepProvenance provenance)
    {
        return new SweepManifest
        {
            Name = experiment.Name, Figure = experiment.Figure, Description = experiment.Description, Task = experiment.Task,
            Scale = experiment.Scale, Command = provenance.Command, ExperimentFile = provenance.File, ExperimentText = provenance.Text,
            Overrides = [.. provenance.Overrides], Axes = [.. experiment.Axes.Select(a => a.Column)],
            TrainMinLength = experiment.Training.MinLength, TrainMaxLength = experiment.Training.MaxLength,
            Lengths = [.. experiment.Evaluation.LengthsOrDefault], AttributionLengths = experiment.Attribution?.Lengths ?? [],
            Trials = [.. trials.Select((t, i) => new SweepTrial(i, t.RunName, t.Format, t.SchemeLabel, t.Seed, t.Axes))],
            TrainedOnce = [.. experiment.TrainedOnce()],
            Invocations = [Invocation(provenance, experiment.Attribution?.Lengths ?? [], DateTimeOffset.UtcNow)],
        };
    }

    /// <summary>This manifest for a sweep run again on its folder: <paramref name="next"/>'s description,
    /// with the invocations of both and the attribution lengths of both.</summary>
    public SweepManifest Continued(SweepManifest next) => next with
    {
        AttributionLengths = [.. AttributionLengths.Concat(next.AttributionLengths).Distinct().Order()],
        Invocations = [.. (Invocations.Count > 0 ? Invocations : [Invocation(new SweepProvenance(Command, ExperimentFile, ExperimentText, Overrides), AttributionLengths, null)]),
            .. next.Invocations],
    };

    private static SweepInvocation Invocation(SweepProvenance p, IEnumerable<int> attributionLengths, DateTimeOffset? started) =>
        new(p.Command, p.File, p.Text, [.. p.Overrides], [.. attributionLengths], started);

    public static string PathIn(string dir) => System.IO.Path.Combine(dir, FileName);

    public void Save(string dir) => AtomicFile.WriteAllText(PathIn(dir), JsonSerializer.Serialize(this, ConfigFiles.Json));

    public static SweepManifest Load(string dir)
    {
        var path = PathIn(dir);
        if (!File.Exists(path)) throw new MnemoException($"{dir}: not a sweep folder (no {FileName}; written by mnemo sweep or mnemo run)");
        try { return JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), ConfigFiles.Json) ?? throw new MnemoException($"{path}: empty"); }
        catch (JsonException e) { throw new MnemoException($"{path}: corrupt sweep manifest ({e.Message.Split('\n')[0]})"); }
    }
}

/// <summary>One trial of a sweep: its index (the <c>--trial</c> number, the Slurm array index) and run folder.</summary>
public sealed record SweepTrial(int Index, string Run, string Format, string Scheme, int Seed, Dictionary<string, string> Axes);

/// <summary>One run of <c>mnemo sweep</c> on a folder: its command line, experiment file and text,
/// overrides, the attribution lengths it asked for, and when it started (UTC; null if not recorded).</summary>
public sealed record SweepInvocation(string Command, string? ExperimentFile, string ExperimentText, List<string> Overrides,
    List<int> AttributionLengths, DateTimeOffset? Started);

/// <summary>Where a sweep came from, recorded in its manifest.</summary>
public sealed record SweepProvenance(string Command, string? File, string Text, IReadOnlyList<string> Overrides);
