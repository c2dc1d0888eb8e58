using SkiaSharp;
using Mnemo.Reports;
using Xunit.Abstractions;

namespace Mnemo.Tests.Reports;

public class ReportInBrowserTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public void Headless_chromium_loads_the_report_without_errors_and_shows_the_plot()
    {
        output.WriteLine(Chromium.Ensure());
        using var sweep = new HandMadeSweep().Finish(0, 1, 2, 3);
        var page = ReportBuilder.Write(sweep.Dir).Html;
        var screenshot = Path.Combine(sweep.Root, "screenshot.png");

        var (dom, log) = Chromium.Load(page, screenshot, 1200, 2000);

        Assert.Contains("<h2>Fig 3: fig-test</h2>", dom);
        Assert.Contains("87.5 <small>[80.0–95.0]</small>", dom);
        // console messages of the page (script errors, refused resources) and network failures
        var problems = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("net::ERR_", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        using var image = SKBitmap.Decode(screenshot);
        Assert.NotNull(image);
        Assert.Equal((1200, 2000), (image.Width, image.Height));
        Assert.True(image.Pixels.Distinct().Take(2).Count() > 1, "the screenshot is blank");
        // the embedded plot was decoded and drawn: its lines' colors (Category10 blue and orange) are on screen
        Assert.True(image.Pixels.Count(p => Near(p, new SKColor(31, 119, 180))) > 200, "no blue plot line on screen");
        Assert.True(image.Pixels.Count(p => Near(p, new SKColor(255, 127, 14))) > 200, "no orange plot line on screen");
    }

    private static bool Near(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue) < 30;
}
