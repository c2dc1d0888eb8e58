using Mnemo.Attribution;

namespace Mnemo.Experiments;

/// <summary>Attribution maps drawn for every trained model of a sweep (Fig 5 of the paper), one example
/// per length, into RUN/attribution/length-N, with the focus score in focus.json.</summary>
public sealed record SweepAttribution
{
    public List<int> Lengths { get; init; } = [];
    /// <summary>Draws the example (the same problem for every model of the sweep).</summary>
    public int Seed { get; init; }
    public string Method { get; init; } = GradientTimesInput.MethodName;

    public void Validate()
    {
        if (Lengths.Any(l => l < 1)) throw new MnemoException($"attribution.lengths: every length must be at least 1, got {string.Join(", ", Lengths)}");
        if (!AttributionMethods.Names.Contains(Method))
            throw new MnemoException($"attribution.method: unknown method '{Method}'{Spelling.Suggest(Method, AttributionMethods.Names)} (allowed: {string.Join(", ", AttributionMethods.Names)})");
    }

    /// <summary>The folder of a run that holds its attribution maps, one subfolder per length and options.</summary>
    public const string FolderName = "attribution";

    public static string Folder(RunFolder run, int length) => Path.Combine(run.Path, FolderName, $"length-{length}");
}
