using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The report's section for one sweep: heading, the expected finding as the experiment file
/// states it (the report does not judge it), progress, the accuracy plot and its table, training cost,
/// attribution maps and how to reproduce it.</summary>
public sealed record SweepSection(SweepFolder Sweep, IReadOnlyList<ResultRow> Rows, PlotImages? Plot, IReadOnlyList<string> PlotFiles)
{
    /// <summary>A text file in the sweep folder with what the results showed, quoted under the expected finding.</summary>
    public const string ObservedFile = "observed.txt";

    /// <summary>The training-curve charts and the files they were saved to (none before any trial logged a step).</summary>
    public IReadOnlyList<(string File, PlotImages Plot)> Curves { get; init; } = [];

    public string Id => "sweep-" + new DirectoryInfo(Sweep.Path).Name;

    public string Heading => HeadingOf(Sweep.Manifest);

    /// <summary>The figure and the sweep's name, e.g. "Fig 6: fig6-anchor-variants", or the name alone.</summary>
    public static string HeadingOf(SweepManifest m) => m.Figure is { } figure ? $"{figure}: {m.Name}" : m.Name;

    public string Render(string pageFolder)
    {
        var m = Sweep.Manifest;
        var progress = new SweepProgress(Sweep);
        var html = new StringBuilder($"<section id=\"{Html.Text(Id)}\">\n<h2>{Html.Text(Heading)}</h2>\n");
        html.Append($"<p class=\"meta\">task {Html.Text(m.Task)}{(m.Scale is { } s ? $" · scale {Html.Text(s)}" : "")} · "
                    + $"{m.Trials.Count} trials · folder <a href=\"{Html.Link(pageFolder, Sweep.Path)}\"><code>{Html.Text(Sweep.Path)}</code></a></p>\n");
        html.Append(m.Description is { Length: > 0 } d
            ? $"<div class=\"finding\"><b>Expected finding</b> (as the experiment file states it; this report does not check it):<p>{Html.Text(d)}</p></div>\n"
            : "<div class=\"finding\">The experiment file states no expected finding.</div>\n");
        // what the researcher saw, written beside the results: the report states it as given, next to the expectation
        var notes = Path.Combine(Sweep.Path, ObservedFile);
        if (File.Exists(notes))
            html.Append($"<div class=\"observed\"><b>Observed</b> ({ObservedFile} in the sweep folder):<p>{Html.Text(File.ReadAllText(notes).Trim())}</p></div>\n");
        bool unfinished = progress.Finished < m.Trials.Count;
        var only = unfinished && progress.Finished > 0 ? " The plot and the table show the finished trials only." : "";
        html.Append($"<p class=\"status{(unfinished ? " unfinished" : "")}\">{Html.Text(Capitalized(progress.Status()))}.{only}</p>\n");
        if (m.TrainedOnce.Count > 0)
            html.Append("<p class=\"note\">Combinations of the axes that are no trial of their own, since they would train on the same data as "
                        + "one that is (no rows of theirs in the plot, the table or results.csv):</p>\n<ul class=\"note\">"
                        + string.Concat(m.TrainedOnce.Select(t => $"<li><code>{Html.Text(t.Describe())}</code></li>")) + "</ul>\n");
        if (Plot is null)
            html.Append("<p class=\"note\">No finished trials yet: nothing to plot.</p>\n");
        else
        {
            var files = string.Join(" · ", PlotFiles.Select(f => $"<a href=\"{Html.Link(pageFolder, f)}\">{Html.Text(Path.GetFileName(f))}</a>"));
            html.Append($"<figure class=\"plot\"><img src=\"{Html.PngData(Plot.Png)}\" alt=\"accuracy by length: {Html.Text(Heading)}\">"
                        + $"<figcaption>{files} · <a href=\"{Html.Link(pageFolder, Path.Combine(Sweep.Path, "results.csv"))}\">results.csv</a></figcaption></figure>\n");
            html.Append(AccuracyTableHtml.Render(new AccuracyTable(Rows)));
        }
        html.Append(TrialsHtml.Render(progress));
        html.Append(TrainingCurvesHtml.Render(Curves, pageFolder));
        html.Append(AttributionHtml.Render(AttributionGallery.Find(Sweep), pageFolder));
        html.Append(ReproduceHtml.Render(m));
        return html.Append("</section>\n").ToString();
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
