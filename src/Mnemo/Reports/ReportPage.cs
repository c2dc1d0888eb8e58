using System.Text;

namespace Mnemo.Reports;

/// <summary>The whole report page: inline CSS only (it is opened offline, with no fonts, scripts or style
/// sheets from elsewhere), a contents list when it covers several sweeps, then one section per sweep.</summary>
public static class ReportPage
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.4; }
        h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #ccc; padding-bottom: .2em; margin-top: 2.5em; }
        section > h3 { margin-top: 1.8em; }
        .meta, .note, .caption, figcaption { color: #555; font-size: .9em; }
        .finding { background: #f4f6fb; border-left: 4px solid #5b7bd5; padding: .6em 1em; }
        .finding p { margin: .3em 0 0; white-space: pre-wrap; }
        .observed { background: #eef6ee; border-left: 4px solid #3a8a3a; padding: .4em 1em; margin: .6em 0; }
        .status.unfinished { background: #fff4d6; border-left: 4px solid #e0a800; padding: .4em 1em; }
        figure { margin: 1em 0; } figure.plot img { max-width: 100%; border: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
        th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
        thead th { background: #f0f0f0; } p.caption { margin-bottom: -.5em; }
        tr.trained th { background: #e6e6e6; }
        td.missing { color: #aaa; text-align: center; }
        table.trials td:nth-child(2), table.trials td:nth-child(3) { text-align: left; }
        .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 1em; }
        .gallery figure { border: 1px solid #ddd; padding: .5em; margin: 0; } .gallery img { width: 100%; }
        pre { background: #f7f7f7; border: 1px solid #ddd; padding: .6em; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85em; }
        """;

    public static string Render(string title, IReadOnlyList<SweepSection> sections, string pageFolder)
    {
        var html = new StringBuilder($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{Html.Text(title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{Html.Text(title)}</h1>\n");
        if (sections.Count > 1)
            html.Append("<nav><ul>\n" + string.Concat(sections.Select(s => $"<li><a href=\"#{Html.Text(s.Id)}\">{Html.Text(s.Heading)}</a></li>\n")) + "</ul></nav>\n");
        foreach (var section in sections) html.Append(section.Render(pageFolder));
        return html.Append("</body>\n</html>\n").ToString();
    }
}
