using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Experiments;

/// <summary>A trial a sweep does not train: it differs from an earlier trial of the file only in format
/// options that change nothing its format writes (<c>format_options.forced</c> on <c>plain</c> addition or the
/// parity <c>scratchpad</c>, which have no anchors to force), so it would train the same model again.</summary>
/// <param name="Run">The dropped trial's run folder name.</param>
/// <param name="SameAs">The run folder of the trial that is trained instead (the first of the file's order).</param>
/// <param name="Options">The dotted paths of the format options in which the two differ, e.g. <c>format_options.forced</c>.</param>
public sealed record SameDataTrial(string Run, string SameAs, string Format, List<string> Options)
{
    /// <summary>E.g. <c>plain-rope-forcedtrue-s0: the same data as plain-rope-forcedfalse-s0 (format_options.forced has no effect on plain); trained once</c>.</summary>
    public string Describe() =>
        $"{Run}: the same data as {SameAs} ({string.Join(" and ", Options)} {(Options.Count == 1 ? "has" : "have")} no effect on {Format}); trained once";
}

/// <summary>Finds the trials of a sweep that train on the same data, from the data itself: two trials that
/// differ only in format options are the same trial when their formats have the same <see cref="FormatSample"/>
/// (token list and rendered examples) at every length the trial trains, evaluates and draws maps at, and so
/// has their copy warm-up. A list of which option each format reads would go stale with the next format.</summary>
public static class SameDataTrials
{
    /// <summary>The trials to train (the first of each set of same-data trials, in the given order) and the
    /// ones dropped as the same as a kept one. Only trials with a partner differing in format options alone
    /// are rendered; <paramref name="trials"/> must be valid (<see cref="RunConfig.Validate"/>).</summary>
    public static (List<RunConfig> Kept, List<SameDataTrial> Dropped) Split(IReadOnlyList<RunConfig> trials, IReadOnlyList<int> attributionLengths)
    {
        var rest = trials.Select(AllButFormatOptions).ToList();
        var shared = rest.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var first = new Dictionary<(string Others, string Sample), RunConfig>();
        var samples = new Dictionary<string, string>(); // the seed draws no example of the sample: seeds share one
        string SampleOf(RunConfig trial)
        {
            var key = JsonSerializer.Serialize(trial with { Seed = 0, Axes = [] }, ConfigFiles.Json);
            return samples.TryGetValue(key, out var sample) ? sample : samples[key] = Sample(trial, attributionLengths);
        }
        var (kept, dropped) = (new List<RunConfig>(), new List<SameDataTrial>());
        for (int i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            if (!shared.Contains(rest[i]))
            {
                kept.Add(trial);
                continue;
            }
            var same = (rest[i], SampleOf(trial));
            if (first.TryGetValue(same, out var earlier) && Differing(earlier.FormatOptions, trial.FormatOptions) is { Count: > 0 } options)
            {
                dropped.Add(new SameDataTrial(trial.RunName, earlier.RunName, trial.Format, options));
                continue;
            }
            first.TryAdd(same, trial);
            kept.Add(trial);
        }
        return (kept, dropped);
    }

    /// <summary>The trial as JSON with its format options and axis values blanked: equal for trials that
    /// differ in nothing else.</summary>
    private static string AllButFormatOptions(RunConfig trial) =>
        JsonSerializer.Serialize(trial with { FormatOptions = new(), Axes = [] }, ConfigFiles.Json);

    /// <summary>The trial's format and, if it has one, its warm-up's, sampled at every length the trial
    /// trains at (the warm-up too), evaluates at or draws maps at.</summary>
    private static string Sample(RunConfig trial, IReadOnlyList<int> attributionLengths)
    {
        var training = trial.Training.DrawnLengths.ToList();
        var task = TaskRegistry.Create(trial.Task, trial.TaskOptions);
        var format = FormatRegistry.Create(task, trial.Format, trial.FormatOptions);
        var sample = FormatSample.Of(task, format, [.. training, .. trial.Evaluation.LengthsOrDefault, .. attributionLengths]);
        return RunSetup.WarmUp(trial, task) is { } warmUp ? sample + FormatSample.Of(warmUp.Task, warmUp.Format, training) : sample;
    }

    private static List<string> Differing(FormatOptions a, FormatOptions b)
    {
        var (x, y) = (JsonSerializer.SerializeToNode(a, ConfigFiles.Json)!.AsObject(), JsonSerializer.SerializeToNode(b, ConfigFiles.Json)!.AsObject());
        return [.. x.Where(p => !JsonNode.DeepEquals(p.Value, y[p.Key])).Select(p => $"format_options.{p.Key}")];
    }
}
