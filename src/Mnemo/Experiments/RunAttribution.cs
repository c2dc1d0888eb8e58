using Mnemo.Attribution;
using Mnemo.Data;
using Mnemo.Formats;

namespace Mnemo.Experiments;

/// <summary><c>mnemo attribute</c> on a run folder: the run's set-up and trained model handed to
/// <see cref="AttributionRunner"/>, the maps written into RUN/attribution unless the request says where.</summary>
public static class RunAttribution
{
    /// <summary>Reads the run's config.json; for a caller that has no set-up of the run at hand.</summary>
    public static AttributionReport Run(AttributionRequest request)
    {
        AttributionMethods.Create(request.Method); // an unknown method is refused before the run is read
        var folder = RunFolder.Existing(request.Run);
        if (!File.Exists(folder.Model)) throw new MnemoException($"{request.Run}: no trained model here (model.safetensors is missing; train the run first)");
        return Run(new RunSetup(ConfigFiles.LoadRun(folder.Config)), folder, request);
    }

    /// <summary>Attribution of the trained model in <paramref name="folder"/>, built as <paramref name="setup"/> describes it.</summary>
    public static AttributionReport Run(RunSetup setup, RunFolder folder, AttributionRequest request)
    {
        var format = ChooseFormat(setup, request.Format);
        using var model = TrialRunner.LoadModel(setup, folder);
        var subject = new AttributedModel(model, new ExampleSource(setup.Task, format, setup.Vocabulary), setup.Positions, setup.Config.Training.MaxLength);
        return AttributionRunner.Run(subject, request with { OutDir = request.OutDir ?? Path.Combine(folder.Path, "attribution") });
    }

    /// <summary>The run's format, or another one of its task whose tokens the run's vocabulary holds.</summary>
    private static ITaskFormat ChooseFormat(RunSetup setup, string? name)
    {
        if (name is null || name == setup.Format.Name) return setup.Format;
        var format = FormatRegistry.Create(setup.Task, name, setup.Config.FormatOptions);
        if (format.Tokens.FirstOrDefault(t => !setup.Vocabulary.Contains(t)) is { } missing)
            throw new MnemoException($"--format: {name} writes '{missing}', which this run (trained on {setup.Format.Name}) has no token for");
        return format;
    }
}
