namespace Mnemo.Experiments;

/// <summary>Short names for the configurations of a sweep (format, scheme, further axes, seeds aside):
/// the format always, the scheme and each axis only where they vary, so that table columns, plot
/// legends and image captions name a configuration the same way.</summary>
public sealed class ConfigurationNames
{
    private readonly bool schemes;
    private readonly List<string> axes;

    public ConfigurationNames(IReadOnlyCollection<(string Format, string Scheme, IReadOnlyDictionary<string, string> Axes)> all)
    {
        schemes = all.Select(c => c.Scheme).Distinct().Count() > 1;
        axes = all.SelectMany(c => c.Axes.Keys).Distinct()
            .Where(a => all.Select(c => c.Axes.GetValueOrDefault(a)).Distinct().Count() > 1).ToList();
    }

    public static ConfigurationNames Of(IReadOnlyCollection<ResultRow> rows) => new([.. rows.Select(r => (r.Format, r.Scheme, r.Axes))]);

    public static ConfigurationNames Of(IReadOnlyCollection<SweepTrial> trials) =>
        new([.. trials.Select(t => (t.Format, t.Scheme, (IReadOnlyDictionary<string, string>)t.Axes))]);

    public string Name(string format, string scheme, IReadOnlyDictionary<string, string> values) =>
        string.Join(' ', [format, .. schemes ? [scheme] : Array.Empty<string>(), .. axes.Select(a => $"{a}={values.GetValueOrDefault(a)}")]);
}
