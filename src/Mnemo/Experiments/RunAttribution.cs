using Mnemo.Attribution;
using Mnemo.Data;
using Mnemo.Formats;

namespace Mnemo.Experiments;

/// <summary><c>mnemo attribute</c> on a run folder: the run's set-up and trained model handed to
/// <see cref="AttributionRunner"/>, the maps and focus.json written into a folder of their own under
/// RUN/attribution (<see cref="DefaultFolder"/>) unless the request says where. Maps already in that
/// folder are never replaced unless the request says so (<see cref="AttributionRequest.Force"/>).</summary>
public static class RunAttribution
{
    /// <summary>Reads the run's config.json; for a caller that has no set-up of the run at hand.</summary>
    public static AttributionReport Run(AttributionRequest request)
    {
        AttributionMethods.Create(request.Method); // an unknown method is refused before the run is read
        var folder = RunFolder.Existing(request.Run);
        if (!File.Exists(folder.Model)) throw new MnemoException($"{request.Run}: no trained model here (model.safetensors is missing; train the run first)");
        var setup = new RunSetup(ConfigFiles.LoadRun(folder.Config));
        MemoryEstimate.CheckAttribution(setup.Config, request.Length, AttributionRequest.Inputs.Length);
        return Run(setup, folder, request);
    }

    /// <summary>Attribution of the trained model in <paramref name="folder"/>, built as <paramref name="setup"/> describes it.</summary>
    public static AttributionReport Run(RunSetup setup, RunFolder folder, AttributionRequest request)
    {
        var format = ChooseFormat(setup, request.Format);
        var outDir = Path.GetFullPath(request.OutDir ?? DefaultFolder(folder, setup, request));
        if (!request.Force && File.Exists(Path.Combine(outDir, AttributionImages.MapFile)))
            throw new MnemoException(null,
                $"{outDir}: holds maps already (drawn by mnemo sweep or an earlier mnemo attribute); pass {InputName.Force} to redraw them, or {InputName.Output} DIR to write elsewhere");
        OutputFolder.Check(outDir);
        using var model = TrialRunner.LoadModel(setup, folder);
        // a folder of the user's (--out DIR): only with --force, and even then none of its files is replaced
        var written = new[] { AttributionImages.MapFile, AttributionRunner.CsvFile, FocusScoreFile.FileName }
            .Concat(Enumerable.Range(0, model.Config.Layers).SelectMany(l => Enumerable.Range(0, model.Config.Heads).Select(h => AttributionImages.AttentionFile(l, h))));
        ForeignFolder.Check(outDir, AttributionImages.MapFile, written, request.Force, "map");
        var subject = new AttributedModel(model, new ExampleSource(setup.Task, format, setup.Vocabulary), setup.Positions, setup.Config.Training.MaxLength, setup.Config.SchemeLabel);
        var report = AttributionRunner.Run(subject, request with { OutDir = outDir });
        if (report.Focus is not { } focus) return report;
        FocusScoreFile.Save(outDir, focus); // for mnemo report's captions
        return report with { Files = [.. report.Files, Path.Combine(outDir, FocusScoreFile.FileName)] };
    }

    /// <summary>RUN/attribution/length-N, where the sweep draws its maps of that length; options that
    /// change the map are added to the name (e.g. length-8-seed-3-teacher-forced-grad-norm), so that
    /// maps of other examples or methods sit beside it instead of replacing it.</summary>
    public static string DefaultFolder(RunFolder folder, RunSetup setup, AttributionRequest request)
    {
        var name = $"length-{request.Length}";
        if (request.Format is { } f && f != setup.Format.Name) name += $"-format-{f}";
        if (request.Seed != 0) name += $"-seed-{request.Seed}";
        if (request.TeacherForced) name += "-teacher-forced";
        if (request.Method != GradientTimesInput.MethodName) name += $"-{request.Method}";
        return Path.Combine(folder.Path, SweepAttribution.FolderName, name);
    }

    /// <summary>The run's format, or another one of its task whose tokens the run's vocabulary holds.</summary>
    private static ITaskFormat ChooseFormat(RunSetup setup, string? name)
    {
        if (name is null || name == setup.Format.Name) return setup.Format;
        var format = FormatRegistry.Create(setup.Task, name, setup.Config.FormatOptions);
        if (format.Tokens.FirstOrDefault(t => !setup.Vocabulary.Contains(t)) is { } missing)
            throw new MnemoException(AttributionRequest.Inputs.Format, $"{name} writes '{missing}', which this run (trained on {setup.Format.Name}) has no token for");
        return format;
    }
}
