namespace Mnemo.Experiments;

/// <summary>The accuracy of one configuration at one length across its seeds: mean, lowest and highest.</summary>
public sealed record SeedSpread(double Mean, double Min, double Max, int Seeds)
{
    public static SeedSpread Of(IReadOnlyCollection<double> accuracies) =>
        new(accuracies.Average(), accuracies.Min(), accuracies.Max(), accuracies.Count);
}
