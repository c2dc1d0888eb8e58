using System.Text.RegularExpressions;
using Mnemo.Experiments;
using ScottPlot;

namespace Mnemo.Reports;

/// <summary>The accuracy-vs-length chart of one sweep, as PNG and SVG: one line per configuration (mean
/// over seeds; its own colour, marker and dash pattern), as a translucent band its min–max over seeds
/// when there are several seeds, else the 95% Wilson interval of each proportion, and the trained
/// lengths shaded. The same table always gives the same bytes.</summary>
public static partial class AccuracyPlot
{
    public const int Width = 1000, Height = 560;

    public static PlotImages Render(string title, AccuracyTable table, int trainMin, int trainMax)
    {
        using var plot = new Plot();
        var trained = plot.Add.HorizontalSpan(trainMin, trainMax, Colors.Gray.WithAlpha(0.18));
        trained.LegendText = $"trained lengths {trainMin}–{trainMax}";
        trained.LineWidth = 0;

        // ten colours read best; past ten, twenty distinct ones rather than a second line in the same colour.
        // Colour alone does not tell lines apart where they lie on one another (several configurations at
        // 0% or 100%): each line also has its own marker and dash pattern, cycling at different periods.
        IPalette palette = table.Columns.Count <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        bool bands = table.Seeds > 1;
        for (int c = 0; c < table.Columns.Count; c++)
        {
            var color = palette.GetColor(c);
            var points = table.Lengths.Select((length, i) => (length, cell: table.Cells[i][c])).Where(p => p.cell is not null).ToList();
            double[] xs = [.. points.Select(p => (double)p.length)];
            var intervals = points.Select(p => p.cell!.Interval).ToList();
            if (intervals.All(i => i is not null) && points.Count > 0)
            {
                var band = plot.Add.FillY(xs, [.. intervals.Select(i => 100 * i!.Value.Low)], [.. intervals.Select(i => 100 * i!.Value.High)]);
                band.FillColor = color.WithAlpha(0.12);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, [.. points.Select(p => 100 * p.cell!.Mean)], color);
            line.LegendText = table.Columns[c];
            line.LineWidth = 2;
            line.MarkerSize = 9;
            line.MarkerShape = Markers[c % Markers.Length];
            line.LinePattern = Patterns[c % Patterns.Length];
        }

        double left = Math.Min(trainMin, table.Lengths.DefaultIfEmpty(trainMin).Min());
        double right = Math.Max(trainMax, table.Lengths.DefaultIfEmpty(trainMax).Max());
        double pad = Math.Max(0.5, 0.03 * (right - left));
        plot.Axes.SetLimits(left - pad, right + pad, -3, 103);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. table.Lengths.Select(l => (double)l)], [.. table.Lengths.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"]);
        plot.Title(Wrapped(title), 16);
        plot.XLabel("length", 14);
        plot.YLabel(bands ? $"exact-match accuracy (%), mean and min–max over {table.Seeds} seeds"
            : $"exact-match accuracy (%), 95% Wilson interval (n = {Count(table)})", 14);
        plot.ShowLegend(Edge.Right);
        return PlotImages.Capture(plot, Width, Height);
    }

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.OpenSquare, MarkerShape.FilledTriangleUp, MarkerShape.OpenDiamond, MarkerShape.FilledSquare,
        MarkerShape.OpenTriangleDown, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.Asterisk, MarkerShape.OpenCircleWithCross, MarkerShape.FilledTriangleDown,
    ];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>The examples per point: one count, or its range when models were measured on different counts.</summary>
    private static string Count(AccuracyTable table)
    {
        if (table.Examples.Count == 0) return "0";
        int low = table.Examples.Min(e => e.Min), high = table.Examples.Max(e => e.Max);
        return low == high ? $"{low}" : $"{low}–{high}";
    }

    /// <summary>Skia numbers the SVG's clip paths with a process-wide counter (cl_1c, cl_23, …): renumber
    /// them in order of appearance, so that the same chart is the same file in any process.</summary>
    internal static string StableClipIds(string svg)
    {
        var ids = new Dictionary<string, string>();
        return ClipId().Replace(svg, m => ids.TryGetValue(m.Value, out var id) ? id : ids[m.Value] = $"clip{ids.Count}");
    }

    [GeneratedRegex("""(?<=id="|url\(#)cl_[0-9a-f]+""")]
    private static partial Regex ClipId();

    /// <summary>A title wider than the data area is cut at both sides: break a long one after its colon.</summary>
    public static string Wrapped(string title)
    {
        const int MaxLine = 70;
        int colon = title.LastIndexOf(": ", StringComparison.Ordinal);
        return title.Length > MaxLine && colon > 0 ? title[..(colon + 1)] + "\n" + title[(colon + 2)..] : title;
    }
}

/// <summary>One chart rendered both ways: PNG bytes (embedded in the report) and SVG text.</summary>
public sealed record PlotImages(byte[] Png, string Svg)
{
    /// <summary>The chart as PNG, then as SVG with solid lines: Skia's SVG canvas has no dash patterns (it
    /// prints "Unsupported path effect" for each and draws nothing else), so there the markers and colours
    /// tell the lines apart.</summary>
    public static PlotImages Capture(Plot plot, int width, int height)
    {
        var png = plot.GetImageBytes(width, height, ImageFormat.Png);
        foreach (var item in plot.GetPlottables())
        {
            if (item is ScottPlot.Plottables.Scatter scatter) scatter.LinePattern = LinePattern.Solid;
            if (item is ScottPlot.Plottables.VerticalLine line) line.LinePattern = LinePattern.Solid;
        }
        return new PlotImages(png, AccuracyPlot.StableClipIds(plot.GetSvgXml(width, height)));
    }

    public void Save(string pngPath, string svgPath)
    {
        AtomicFile.Write(pngPath, s => s.Write(Png));
        AtomicFile.WriteAllText(svgPath, Svg);
    }
}
