using Mnemo.Data;
using Mnemo.Experiments;
using Mnemo.Formats;

namespace Mnemo.Attribution;

/// <summary><c>mnemo attribute</c>: loads a trained run, builds and decodes one example, computes its
/// attribution map, attention maps and focus score, and writes attribution.png, attribution.csv and
/// the attention images.</summary>
public static class AttributionRunner
{
    public static AttributionReport Run(AttributionRequest request)
    {
        var method = AttributionMethods.Create(request.Method);
        var folder = RunFolder.Existing(request.Run);
        if (!File.Exists(folder.Model)) throw new MnemoException($"{request.Run}: no trained model here (model.safetensors is missing; train the run first)");
        var setup = new RunSetup(ConfigFiles.LoadRun(folder.Config));
        var format = ChooseFormat(setup, request.Format);
        int trained = setup.Config.Training.MaxLength;

        using var model = TrialRunner.LoadModel(setup, folder);
        var source = new ExampleSource(setup.Task, format, setup.Vocabulary);
        var example = AttributionExample.Create(model, source, setup.Positions, request.Length, request.Seed, request.TeacherForced);
        int first = example.PromptLength;
        var outputs = Enumerable.Range(first, example.Context.Length - first).ToArray();
        var scores = new InputAttribution(model, method).Compute(example.Context, example.Positions, outputs);
        var context = example.Context.Select(setup.Vocabulary.Token).ToArray();
        var map = new AttributionMap(method.Name, context, first, scores);
        var attention = AttentionMaps.Record(model, example.Context, example.Positions);

        var needs = (format as INeededPositions)?.Needs(example.Instance, example.Formatted);
        var focus = needs is null ? null : FocusScore.Compute(map, needs, example.Formatted.Forced, trained);
        // a decoding that ran past the target has tokens the format knows nothing about: step 0
        var steps = Enumerable.Range(0, context.Length).Select(i => needs is not null && i < needs.Steps.Count ? needs.Steps[i] : 0).ToArray();

        var outDir = request.OutDir ?? Path.Combine(folder.Path, "attribution");
        Directory.CreateDirectory(outDir);
        var subtitle = $"{setup.Task.Name} {format.Name} {setup.Config.Model.Scheme} · length {request.Length} (trained ≤ {trained}) · "
                       + (example.TeacherForced ? "teacher-forced" : "greedy");
        var files = new AttributionImages(context, first, steps, trained, subtitle).Save(outDir, map, attention);
        var csv = Path.Combine(outDir, "attribution.csv");
        AttributionCsv.Write(csv, map);
        files.Insert(1, csv);
        return new AttributionReport(format.Name, example, setup.Vocabulary, map, focus, trained, outDir, files);
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
