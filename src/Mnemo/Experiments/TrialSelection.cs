namespace Mnemo.Experiments;

/// <summary>Picks one trial of an experiment by format, scheme and seed (each optional when unambiguous).</summary>
public static class TrialSelection
{
    /// <summary>The format asked for, as errors name it.</summary>
    public static readonly InputName Format = new("format");

    public static RunConfig Pick(ExperimentConfig experiment, string? format, string? scheme, int? seed)
    {
        if (format is null && experiment.Formats.Count > 1)
            throw new MnemoException(Format, $"the experiment lists several formats ({string.Join(", ", experiment.Formats)}); choose one");
        var chosen = experiment with
        {
            Formats = [format ?? experiment.Formats[0]],
            Schemes = [scheme ?? experiment.SchemesOrDefault[0]],
            Seeds = [seed ?? experiment.Seeds[0]],
        };
        chosen.Validate();
        return chosen.Trials()[0];
    }
}
