using Mnemo.Data;
using Mnemo.Formats;
using Mnemo.Models;

namespace Mnemo.Attribution;

/// <summary>A trained model as attribution sees it, handed over by whoever loaded it (for a run folder:
/// Experiments.RunAttribution, from the set-up it holds; attribution reads no run config itself).</summary>
/// <param name="Source">Draws the example: the run's task, the format to render it in, the run's vocabulary.</param>
/// <param name="Positions">Chooses the example's position ids, as evaluation does.</param>
/// <param name="TrainedLength">The longest length the model was trained on (training.max_length).</param>
/// <param name="SchemeLabel">The positional scheme as the run names it, with how positions are drawn
/// (e.g. randomized-rope); null: the model's scheme.</param>
public sealed record AttributedModel(TransformerLM Model, ExampleSource Source, PositionSampler Positions, int TrainedLength, string? SchemeLabel = null);

/// <summary>Builds and decodes one example of a trained model, computes its attribution map, attention
/// maps and focus score, and writes attribution.png, attribution.csv and the attention images into
/// <see cref="AttributionRequest.OutDir"/>.</summary>
public static class AttributionRunner
{
    /// <summary>The attribution scores as a table, beside the images.</summary>
    public const string CsvFile = "attribution.csv";

    public static AttributionReport Run(AttributedModel subject, AttributionRequest request)
    {
        var method = AttributionMethods.Create(request.Method);
        var (model, source, trained) = (subject.Model, subject.Source, subject.TrainedLength);
        var format = source.Format;
        var example = request.Instance is { } given
            ? AttributionExample.Create(model, source, subject.Positions, given, new Random(request.Seed), request.TeacherForced)
            : AttributionExample.Create(model, source, subject.Positions, request.Length, request.Seed, request.TeacherForced);
        int first = example.PromptLength;
        var outputs = Enumerable.Range(first, example.Context.Length - first).ToArray();
        var scores = new InputAttribution(model, method).Compute(example.Context, example.Positions, outputs);
        var context = example.Context.Select(source.Vocabulary.Token).ToArray();
        var map = new AttributionMap(method.Name, context, first, scores);
        var attention = AttentionMaps.Record(model, example.Context, example.Positions);

        var needs = (format as INeededPositions)?.Needs(example.Instance, example.Formatted);
        var focus = needs is null ? null : FocusScore.Compute(map, needs, example.Formatted.Forced, trained);
        // a decoding that ran past the target has tokens the format knows nothing about: step 0
        var steps = Enumerable.Range(0, context.Length).Select(i => needs is not null && i < needs.Steps.Count ? needs.Steps[i] : 0).ToArray();

        var outDir = request.OutDir ?? throw new ArgumentException("attribution needs an output folder", nameof(request));
        Directory.CreateDirectory(outDir);
        var subtitle = $"{source.Task.Name} {format.Name} {subject.SchemeLabel ?? model.Config.Scheme} · length {request.Length} (trained ≤ {trained}) · "
                       + (example.TeacherForced ? "teacher-forced" : "greedy");
        var files = new AttributionImages(context, first, steps, trained, subtitle).Save(outDir, map, attention);
        var csv = Path.Combine(outDir, CsvFile);
        AttributionCsv.Write(csv, map);
        files.Insert(1, csv);
        return new AttributionReport(format.Name, example, source.Vocabulary, map, focus, trained, outDir, files);
    }
}
