namespace Mnemo.Attribution;

/// <summary>The heatmaps of one attributed example: the attribution map (rows = context, columns =
/// outputs, each column's shares of absolute attribution) and the raw attention of every layer and
/// head (rows = queries, columns = keys), with the trained length marked on every token axis.</summary>
/// <param name="Steps">Per context token, the input step it belongs to (0: none or unknown).</param>
public sealed class AttributionImages(IReadOnlyList<string> context, int firstOutput, IReadOnlyList<int> steps, int trainedLength, string subtitle)
{
    private List<int> Marks(int from, int to) => TrainedLengthMarks.Find(steps, trainedLength, from, to);

    /// <summary>Marks along the whole sequence: in the prompt and in the outputs.</summary>
    private List<int> SequenceMarks => [.. Marks(0, firstOutput), .. Marks(firstOutput, context.Count)];

    public Heatmap Attribution(AttributionMap map) =>
        new(map.Shares(), context, map.Outputs, $"{map.Method} attribution · {subtitle}",
            "context token (prompt, then outputs)", "output token", "share of |attribution| in the column")
        {
            RowMarks = SequenceMarks,
            ColumnMarks = Marks(firstOutput, context.Count).Select(k => k - firstOutput).ToArray(),
        };

    public Heatmap Attention(AttentionMaps maps, int layer, int head) =>
        new(maps.Weights[layer][head], context, context, $"attention layer {layer} head {head} · {subtitle}",
            "query token (attends)", "key token (attended to)", "attention weight")
        {
            RowMarks = SequenceMarks,
            ColumnMarks = SequenceMarks,
        };

    /// <summary>The attribution map's image in a folder of maps.</summary>
    public const string MapFile = "attribution.png";

    /// <summary>The image of one head's attention in a folder of maps (0-based layer and head).</summary>
    public static string AttentionFile(int layer, int head) => $"attention-L{layer}-H{head}.png";

    /// <summary>Writes attribution.png and attention-L{layer}-H{head}.png (0-based) into a folder.</summary>
    public List<string> Save(string folder, AttributionMap map, AttentionMaps attention)
    {
        var files = new List<string> { Path.Combine(folder, MapFile) };
        HeatmapImage.Save(files[0], Attribution(map));
        for (int layer = 0; layer < attention.Layers; layer++)
            for (int head = 0; head < attention.Heads; head++)
            {
                files.Add(Path.Combine(folder, AttentionFile(layer, head)));
                HeatmapImage.Save(files[^1], Attention(attention, layer, head));
            }
        return files;
    }
}
