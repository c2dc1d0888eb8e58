using Mnemo.Attribution;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The attribution map of one configuration at one length (Fig 5), from its lowest seed that has one.</summary>
/// <param name="Attention">The attention maps drawn beside it, linked rather than embedded.</param>
/// <param name="TeacherForced">The model wrote nothing, so the map is of the correct target.</param>
public sealed record AttributionCard(string Configuration, int Seed, string Image, FocusScore? Focus, IReadOnlyList<string> Attention, bool TeacherForced = false);

/// <summary>The attribution maps a sweep drew (its <c>attribution.lengths</c>): per length, one card per
/// configuration, in trial order; configurations without a map yet are left out.</summary>
public static class AttributionGallery
{
    public static List<(int Length, List<AttributionCard> Cards)> Find(SweepFolder sweep)
    {
        var trials = sweep.Manifest.Trials;
        var names = ConfigurationNames.Of(trials);
        var byConfiguration = trials.GroupBy(t => names.Name(t.Format, t.Scheme, t.Axes)).ToList();
        return sweep.Manifest.AttributionLengths.Select(length => (length, byConfiguration
            .Select(g => g.OrderBy(t => t.Seed).Select(t => Card(g.Key, t, SweepAttribution.Folder(sweep.Run(t), length))).FirstOrDefault(c => c is not null))
            .OfType<AttributionCard>().ToList())).ToList();
    }

    private static AttributionCard? Card(string configuration, SweepTrial trial, string folder)
    {
        var image = Path.Combine(folder, "attribution.png");
        if (!File.Exists(image)) return null;
        var attention = Directory.GetFiles(folder, "attention-L*-H*.png").Order(StringComparer.Ordinal).ToList();
        return new AttributionCard(configuration, trial.Seed, image, FocusScoreFile.TryLoad(folder), attention,
            File.Exists(Path.Combine(folder, "teacher-forced.txt")));
    }
}
