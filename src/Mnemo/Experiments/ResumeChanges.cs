using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Experiments;

/// <summary>Deliberate changes to a stopped run (after a NaN stop, a lower learning rate): only the settings in
/// <see cref="Allowed"/>, which change how the remaining steps train but not what the checkpoint holds (the
/// model's shape, the data, the seed). The run's config.json stays as it was started, so its checkpoints keep
/// their identity; each change is recorded in RUN/changes.jsonl (the step it applies from, the setting, the
/// value before and after), and the run trains on from then on with every recorded change applied
/// (<see cref="Effective"/>), whichever command continues it (<c>mnemo train --resume</c> or a sweep rerun).</summary>
public static class ResumeChanges
{
    public const string FileName = "changes.jsonl";

    /// <summary>What may change when a run resumes.</summary>
    public static readonly IReadOnlyList<string> Allowed = ["training.learning_rate", "training.grad_clip", "training.steps"];

    /// <summary>The changes asked for, as errors name them.</summary>
    public static readonly InputName Input = new("changes");

    /// <summary>One recorded change: from step <paramref name="Step"/> on, <paramref name="Field"/> is <paramref name="To"/>.</summary>
    public sealed record Change(int Step, string Field, JsonNode? From, JsonNode? To);

    /// <summary>The changes of <paramref name="assignments"/> (<c>training.learning_rate=0.0003</c>) to
    /// <paramref name="current"/>, checked up front: a setting outside <see cref="Allowed"/>, a bad value or
    /// a config that no longer validates is one error naming the field. Unchanged values are left out; the
    /// step is filled in when the run resumes.</summary>
    public static IReadOnlyList<Change> Parse(RunConfig current, IEnumerable<string> assignments)
    {
        var changes = new List<Change>();
        var changed = current;
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new MnemoException(Input, $"expected KEY=VALUE (e.g. training.learning_rate=0.0003), got '{assignment}'");
            var field = assignment[..eq].Trim();
            if (!Allowed.Contains(field))
                throw new MnemoException(Input,
                    $"{field}: cannot change when a run resumes (the checkpoint was trained with it; start a new run to change it); what can change: {string.Join(", ", Allowed)}");
            var before = Value(changed, field);
            changed = new SweepAxis(field, [assignment[(eq + 1)..]]).Apply(changed, assignment[(eq + 1)..], label: "");
            var after = Value(changed, field);
            if (!JsonNode.DeepEquals(before, after)) changes.Add(new Change(0, field, before, after));
        }
        try { changed.Validate(); }
        catch (MnemoException e) { throw new MnemoException(Input, $"{e.Message}"); }
        return changes;
    }

    /// <summary>The config the run in <paramref name="folder"/> trains with: its config.json
    /// (<paramref name="started"/>) with every recorded change applied in order.</summary>
    public static RunConfig Effective(RunConfig started, RunFolder folder) =>
        Load(folder).Aggregate(started, (config, change) => Set(config, change.Field, change.To));

    /// <summary>Appends <paramref name="changes"/>, from step <paramref name="step"/>, to the run's record.</summary>
    public static void Record(RunFolder folder, int step, IEnumerable<Change> changes)
    {
        using var lines = new JsonLines(Path.Combine(folder.Path, FileName));
        foreach (var change in changes) lines.Append(change with { Step = step });
    }

    public static IReadOnlyList<Change> Load(RunFolder folder)
    {
        var path = Path.Combine(folder.Path, FileName);
        if (!File.Exists(path)) return [];
        var changes = new List<Change>();
        foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l, i + 1)).Where(p => p.l.Trim().Length > 0))
        {
            Change? change;
            try { change = JsonSerializer.Deserialize<Change>(line, ConfigFiles.Json); }
            catch (JsonException e) { throw new MnemoException($"{path}:{number}: corrupt record of a change ({e.Message.Split('\n')[0]})"); }
            if (change is null || !Allowed.Contains(change.Field))
                throw new MnemoException($"{path}:{number}: not a change Mnemo records (settings that can change: {string.Join(", ", Allowed)})");
            changes.Add(change);
        }
        return changes;
    }

    private static JsonNode? Value(RunConfig config, string field)
    {
        var keys = field.Split('.');
        return JsonSerializer.SerializeToNode(config, ConfigFiles.Json)![keys[0]]![keys[1]]?.DeepClone();
    }

    private static RunConfig Set(RunConfig config, string field, JsonNode? value)
    {
        var keys = field.Split('.');
        var tree = JsonSerializer.SerializeToNode(config, ConfigFiles.Json)!;
        tree[keys[0]]![keys[1]] = value?.DeepClone();
        return tree.Deserialize<RunConfig>(ConfigFiles.Json)!;
    }
}
