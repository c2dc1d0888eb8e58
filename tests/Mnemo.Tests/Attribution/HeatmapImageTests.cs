using Mnemo.Attribution;
using SkiaSharp;

namespace Mnemo.Tests.Attribution;

public class HeatmapImageTests
{
    [Theory]
    [InlineData(5, 4, 500, 450)]     // the smallest image: 24-pixel cells would leave no room for axes and bar
    [InlineData(100, 50, 800, 1230)] // 10-pixel cells (1000 / 100) plus the margins
    public void The_png_has_the_expected_size_and_is_not_blank(int rows, int columns, int width, int height)
    {
        var values = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) values[i, j] = i > j ? 0 : (i + 1.0) / (j + 1.0);
        var heatmap = new Heatmap(values,
            Enumerable.Range(0, rows).Select(i => $"r{i}").ToArray(), Enumerable.Range(0, columns).Select(j => $"c{j}").ToArray(),
            "test", "rows", "columns", "value") { RowMarks = [2], ColumnMarks = [1] };
        var path = Path.Combine(Path.GetTempPath(), $"mnemo-heatmap-{Guid.NewGuid():N}.png");
        try
        {
            HeatmapImage.Save(path, heatmap);
            using var bitmap = SKBitmap.Decode(path);
            Assert.NotNull(bitmap);
            Assert.Equal((width, height), HeatmapImage.SizeFor(heatmap));
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
            Assert.True(LuminanceVariance(bitmap) > 0, "the image is blank");
        }
        finally { File.Delete(path); }
    }

    private static double LuminanceVariance(SKBitmap bitmap)
    {
        var luminance = bitmap.Pixels.Select(p => 0.299 * p.Red + 0.587 * p.Green + 0.114 * p.Blue).ToArray();
        double mean = luminance.Average();
        return luminance.Average(v => (v - mean) * (v - mean));
    }
}
