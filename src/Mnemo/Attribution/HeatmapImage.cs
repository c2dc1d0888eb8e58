using ScottPlot;

namespace Mnemo.Attribution;

/// <summary>Renders a <see cref="Heatmap"/> to a PNG with ScottPlot: cells of equal size, token labels
/// on both axes (thinned by <see cref="AxisLabels"/>), a color bar, and the marks as red dashed lines.</summary>
public static class HeatmapImage
{
    /// <summary>Room around the cells for the title, the axis labels and the color bar.</summary>
    private const int MarginWidth = 300, MarginHeight = 230;

    /// <summary>Smallest image, so that the axes and the color bar fit even over a single column (the direct format).</summary>
    private const int MinWidth = 500, MinHeight = 450;

    /// <summary>Title font size, and a generous width per title character at that size.</summary>
    private const float TitleSize = 14, TitleCharWidth = 8.5f;

    /// <summary>Pixel size of the image: cells of 6 to 24 pixels, the larger the fewer tokens, so that
    /// long sequences stay about a thousand pixels tall; wide enough for the whole title.</summary>
    public static (int Width, int Height) SizeFor(Heatmap heatmap)
    {
        double cell = Math.Clamp(1000.0 / Math.Max(heatmap.Rows, heatmap.Columns), 6, 24);
        int titleWidth = 40 + (int)Math.Ceiling(TitleCharWidth * heatmap.Title.Length);
        return (Math.Max(Math.Max(MinWidth, titleWidth), MarginWidth + (int)Math.Ceiling(cell * heatmap.Columns)),
                Math.Max(MinHeight, MarginHeight + (int)Math.Ceiling(cell * heatmap.Rows)));
    }

    public static void Save(string path, Heatmap heatmap)
    {
        var (width, height) = SizeFor(heatmap);
        using var plot = new Plot();
        var cells = plot.Add.Heatmap(heatmap.Values);
        cells.Colormap = new ScottPlot.Colormaps.Viridis();
        // cell (i, j) centered on (j, −i): row 0 on top, and integer coordinates for the labels
        var extent = new CoordinateRect(-0.5, heatmap.Columns - 0.5, -heatmap.Rows + 0.5, 0.5);
        cells.Extent = extent;
        var bar = plot.Add.ColorBar(cells);
        bar.Label = heatmap.ColorTitle;
        bar.MinimumSize = 110; // ScottPlot's own layout lets the bar's label overlap its tick labels

        foreach (int k in heatmap.RowMarks) plot.Add.HorizontalLine(-k + 0.5, 2, Colors.Red, LinePattern.Dashed);
        foreach (int k in heatmap.ColumnMarks) plot.Add.VerticalLine(k - 0.5, 2, Colors.Red, LinePattern.Dashed);

        var rowTicks = AxisLabels.Shown(heatmap.Rows);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            rowTicks.Select(i => -(double)i).ToArray(), rowTicks.Select(i => heatmap.RowLabels[i]).ToArray());
        var columnTicks = AxisLabels.Shown(heatmap.Columns);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            columnTicks.Select(j => (double)j).ToArray(), columnTicks.Select(j => heatmap.ColumnLabels[j]).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        // the layout does not measure rotated labels: make room for the longest one below the axis
        plot.Axes.Bottom.MinimumSize = 45 + 8 * columnTicks.Max(j => heatmap.ColumnLabels[j].Length);
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;

        plot.Title(heatmap.Title, TitleSize);
        plot.YLabel(heatmap.RowTitle, 13);
        plot.XLabel(heatmap.ColumnTitle, 13);
        plot.Axes.SetLimits(extent.Left, extent.Right, extent.Bottom, extent.Top);
        AtomicFile.Write(path, stream => stream.Write(plot.GetImageBytes(width, height, ImageFormat.Png)));
    }
}
