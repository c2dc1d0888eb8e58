using System.Globalization;
using System.Text.RegularExpressions;
using Mnemo.Attribution;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The attribution map of one configuration in one map folder (Fig 5), from its lowest seed that has one.</summary>
/// <param name="Attention">The attention maps drawn beside it, linked rather than embedded.</param>
/// <param name="TeacherForced">The model wrote nothing, so the map is of the correct target.</param>
/// <param name="OtherSeeds">The same map of the configuration's other seeds, linked.</param>
public sealed record AttributionCard(string Configuration, int Seed, string Image, FocusScore? Focus, IReadOnlyList<string> Attention,
    bool TeacherForced = false, IReadOnlyList<(int Seed, string Image)>? OtherSeeds = null);

/// <summary>One kind of map a sweep's runs hold: a folder name under RUN/attribution (length-12, or
/// length-12-seed-3-teacher-forced from <c>mnemo attribute</c>, or input-1011 from <c>mnemo predict</c>),
/// its length, and a card per configuration.</summary>
public sealed record AttributionGroup(string Folder, int Length, List<AttributionCard> Cards)
{
    /// <summary>The heading's words after "Length N": the folder's options (e.g. "seed-3-teacher-forced"),
    /// "input 1011" for a problem written to mnemo predict, or "" for the sweep's own maps.</summary>
    public string Options => Folder.StartsWith("input-", StringComparison.Ordinal) ? "input " + Folder["input-".Length..]
        : Folder.Length > $"length-{Length}".Length ? Folder[($"length-{Length}".Length + 1)..] : "";
}

/// <summary>Every attribution map a sweep's runs hold, whoever drew it (the sweep's <c>attribution.lengths</c>,
/// <c>mnemo attribute</c>): per map folder, one card per configuration, in trial order; a length the sweep
/// asked for but no run has yet is listed with no cards.</summary>
public static partial class AttributionGallery
{
    public static List<AttributionGroup> Find(SweepFolder sweep)
    {
        var trials = sweep.Manifest.Trials;
        var names = ConfigurationNames.Of(trials);
        var folders = trials.SelectMany(t => MapFolders(sweep.Run(t))).Select(Path.GetFileName).OfType<string>()
            .Concat(sweep.Manifest.AttributionLengths.Select(l => $"length-{l}")).Distinct()
            .Select(f => (Folder: f, Length: LengthOf(f))).OrderBy(f => f.Length).ThenBy(f => f.Folder, StringComparer.Ordinal).ToList();
        var byConfiguration = trials.GroupBy(t => names.Name(t.Format, t.Scheme, t.Axes)).ToList();
        return folders.Select(f => new AttributionGroup(f.Folder, f.Length, byConfiguration
            .Select(g => Card(g.Key, [.. g.OrderBy(t => t.Seed).Select(t => (t, Path.Combine(sweep.Run(t).Path, SweepAttribution.FolderName, f.Folder)))]))
            .OfType<AttributionCard>().ToList())).ToList();
    }

    /// <summary>The folders under RUN/attribution that hold a map, named length-N… or input-….</summary>
    private static IEnumerable<string> MapFolders(RunFolder run)
    {
        var root = Path.Combine(run.Path, SweepAttribution.FolderName);
        return Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => MapFolderName().IsMatch(Path.GetFileName(d)) && File.Exists(Path.Combine(d, AttributionImages.MapFile)))
            : [];
    }

    private static int LengthOf(string folder) => MapFolderName().Match(folder) is var m && m.Groups[1].Success
        ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : m.Groups[2].Value.Length;

    /// <summary>length-N[-options], or input-SYMBOLS[-seed-N] (symbols of one character each, as mnemo predict names them).</summary>
    [GeneratedRegex(@"^(?:length-([0-9]{1,6})(?:-.+)?|input-([^-]+)(?:-seed-[0-9]+)?)$")]
    private static partial Regex MapFolderName();

    private static AttributionCard? Card(string configuration, List<(SweepTrial Trial, string Folder)> seeds)
    {
        var drawn = seeds.Where(s => File.Exists(Path.Combine(s.Folder, AttributionImages.MapFile))).ToList();
        if (drawn.Count == 0) return null;
        var (trial, folder) = drawn[0];
        var attention = Directory.GetFiles(folder, "attention-L*-H*.png").Order(StringComparer.Ordinal).ToList();
        return new AttributionCard(configuration, trial.Seed, Path.Combine(folder, AttributionImages.MapFile), FocusScoreFile.TryLoad(folder), attention,
            File.Exists(Path.Combine(folder, "teacher-forced.txt")), [.. drawn.Skip(1).Select(s => (s.Trial.Seed, Path.Combine(s.Folder, AttributionImages.MapFile)))]);
    }
}
