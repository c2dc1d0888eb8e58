using ScottPlot;

namespace Mnemo.Reports;

/// <summary>The training curves of a sweep as three charts (PNG and SVG): loss, held-out exact match and
/// learning rate by step, one line per trial (its own colour and dash pattern), with the end of the copy
/// warm-up marked by a vertical line: the loss jumps there, when the main task's examples begin.</summary>
public static class TrainingCurvesPlot
{
    public const int Width = 1000, Height = 380;

    /// <summary>What each chart shows: its file-name stem, axis label, and the value of a point (null: not logged there).</summary>
    public static readonly IReadOnlyList<(string Stem, string Label, Func<CurvePoint, double?> Value)> Charts =
    [
        ("loss", "training loss (cross-entropy per output token)", p => p.Loss),
        ("held-out", "held-out exact match (%)", p => p.HeldOutExact * 100),
        ("learning-rate", "learning rate", p => p.LearningRate),
    ];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    public static List<(string Stem, PlotImages Plot)> Render(string title, IReadOnlyList<TrainingCurve> curves)
    {
        IPalette palette = curves.Count <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        var result = new List<(string, PlotImages)>();
        foreach (var (stem, label, value) in Charts)
        {
            using var plot = new Plot();
            for (int c = 0; c < curves.Count; c++)
            {
                var points = curves[c].Points.Select(p => (p.Step, Value: value(p))).Where(p => p.Value is not null).ToList();
                if (points.Count == 0) continue;
                var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value!.Value).ToArray(), palette.GetColor(c));
                line.LegendText = curves[c].Name;
                line.LineWidth = 2;
                line.MarkerSize = stem == "held-out" ? 6 : 0; // held-out checks are sparse: show where they were taken
                line.LinePattern = Patterns[c % Patterns.Length];
            }
            foreach (var (phase, pattern, ends) in new[] {
                         ("copy warm-up", LinePattern.Dashed, curves.Select(c => c.WarmupEnd)),
                         ("length curriculum", LinePattern.Dotted, curves.Select(c => c.CurriculumEnd)) })
                foreach (var end in ends.Where(e => e > 0).Distinct())
                    plot.Add.VerticalLine(end, 1.5f, Colors.Gray, pattern).LegendText = $"{phase} ends (step {end})";
            plot.Title(AccuracyPlot.Wrapped($"{title}: {label}"), 14);
            plot.XLabel("training step", 13);
            plot.YLabel(label, 13);
            plot.ShowLegend(Edge.Right);
            result.Add((stem, PlotImages.Capture(plot, Width, Height)));
        }
        return result;
    }
}
