using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>What <see cref="ReportBuilder.Write"/> wrote.</summary>
/// <param name="Images">The accuracy plots, PNG then SVG per sweep that has results.</param>
/// <param name="Curves">The training-curve charts (PNG; an SVG beside each) per sweep whose trials logged steps.</param>
public sealed record ReportFiles(string Html, IReadOnlyList<string> Images, IReadOnlyList<string> Curves);

/// <summary><c>mnemo report DIR</c>: for the sweep in DIR, or each sweep folder in it, (re)writes the merged
/// results.csv of the finished trials, draws the accuracy plot into report-images/ beside the page, and
/// writes one self-contained report.html (images embedded). Unfinished sweeps are reported as far as they got.</summary>
public static class ReportBuilder
{
    public const string FileName = "report.html";
    public const string ImageFolder = "report-images";

    /// <param name="htmlPath">Where to write the page (default DIR/report.html); the images go beside it.</param>
    public static ReportFiles Write(string dir, string? htmlPath = null)
    {
        var sweeps = ReportSources.Find(dir);
        var page = Path.GetFullPath(htmlPath ?? Path.Combine(dir, FileName));
        var pageFolder = Path.GetDirectoryName(page)!;
        var imageFolder = Path.Combine(pageFolder, ImageFolder);
        OutputFolder.Create(imageFolder);
        var sections = new List<SweepSection>();
        var images = new List<string>();
        var curveFiles = new List<string>();
        foreach (var sweep in sweeps)
        {
            var stem = Path.Combine(imageFolder, new DirectoryInfo(sweep.Path).Name);
            var curves = new List<(string File, PlotImages Plot)>();
            var logged = TrainingCurves.Read(sweep);
            foreach (var (chart, drawn) in logged.Count > 0 ? TrainingCurvesPlot.Render(SweepSection.HeadingOf(sweep.Manifest), logged) : [])
            {
                var file = $"{stem}-{chart}.png";
                drawn.Save(file, Path.ChangeExtension(file, ".svg"));
                curves.Add((file, drawn));
                curveFiles.Add(file);
            }
            var rows = sweep.WriteResults();
            if (rows.Count == 0)
            {
                sections.Add(new SweepSection(sweep, rows, null, []) { Curves = curves });
                continue;
            }
            var m = sweep.Manifest;
            var plotTitle = SweepSection.HeadingOf(m) + (m.Scale is { } scale ? $" ({scale})" : "");
            // the legend names a scheme only where the sweep varies it: a single one goes in the title, in full (randomized-rope, not rope)
            if (rows.Select(r => r.Scheme).Distinct().ToList() is [var scheme]) plotTitle += $" · {scheme}";
            var plot = AccuracyPlot.Render(plotTitle, new AccuracyTable(rows), m.TrainMinLength, m.TrainMaxLength);
            string[] files = [stem + "-accuracy.png", stem + "-accuracy.svg"];
            plot.Save(files[0], files[1]);
            images.AddRange(files);
            sections.Add(new SweepSection(sweep, rows, plot, files) { Curves = curves });
        }
        var title = $"Mnemo report: {new DirectoryInfo(Path.GetFullPath(dir)).Name}";
        AtomicFile.WriteAllText(page, ReportPage.Render(title, sections, pageFolder));
        return new ReportFiles(page, images, curveFiles);
    }
}
