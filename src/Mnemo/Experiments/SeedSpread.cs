using System.Globalization;

namespace Mnemo.Experiments;

/// <summary>The accuracy of one configuration at one length across its seeds: mean, lowest and highest.</summary>
public sealed record SeedSpread(double Mean, double Min, double Max, int Seeds)
{
    public static SeedSpread Of(IReadOnlyCollection<double> accuracies) =>
        new(accuracies.Average(), accuracies.Min(), accuracies.Max(), accuracies.Count);

    /// <summary>An accuracy (0..1) as the tables print it: a percentage with one decimal, e.g. 87.5.</summary>
    public static string Percent(double accuracy) => (accuracy * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
