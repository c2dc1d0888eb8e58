using System.Globalization;

namespace Mnemo.Experiments;

/// <summary>The accuracy of one configuration at one length across its seeds: mean, lowest and highest,
/// and how many examples each seed was measured on (<see cref="Examples"/>: the fewest of any seed).</summary>
public sealed record SeedSpread(double Mean, double Min, double Max, int Seeds, int Examples = 0)
{
    public static SeedSpread Of(IReadOnlyCollection<double> accuracies) =>
        new(accuracies.Average(), accuracies.Min(), accuracies.Max(), accuracies.Count);

    public static SeedSpread Of(IReadOnlyCollection<ResultRow> rows) =>
        Of(rows.Select(r => r.Accuracy).ToList()) with { Examples = rows.Min(r => r.Examples) };

    /// <summary>What the plot and table draw around the mean: the min–max over seeds when there are several;
    /// for one seed the 95% Wilson score interval of the binomial proportion (<see cref="Wilson"/>), since
    /// each accuracy is a share of <see cref="Examples"/> examples; none without a count.</summary>
    public (double Low, double High)? Interval =>
        Seeds > 1 ? (Min, Max) : Examples > 0 ? Wilson(Mean, Examples) : null;

    /// <summary>The 95% Wilson score interval (Wilson 1927; z = 1.96) of a proportion <paramref name="p"/>
    /// observed on <paramref name="n"/> trials: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n). Unlike
    /// p ± z·√(p(1−p)/n) it stays inside [0, 1] and is not empty at 0% or 100%.</summary>
    public static (double Low, double High) Wilson(double p, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "a proportion needs at least one trial");
        const double z = 1.959963984540054;
        double z2 = z * z, denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>An accuracy (0..1) as the tables print it: a percentage with one decimal, e.g. 87.5.</summary>
    public static string Percent(double accuracy) => (accuracy * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
