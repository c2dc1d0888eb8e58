using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>How a sweep was produced, as recorded in its sweep.json: the command line, the overrides and
/// the experiment file's text as it was when the sweep started, and every command that ran in its folder
/// when there was more than one (a stopped sweep continued, more maps drawn).</summary>
public static class ReproduceHtml
{
    public static string Render(SweepManifest manifest)
    {
        var html = new StringBuilder("<h3>Reproduce</h3>\n");
        html.Append(manifest.Command == ""
            ? "<p class=\"note\">The command line was not recorded (the sweep was not started by mnemo sweep).</p>\n"
            : $"<pre class=\"command\">{Html.Text(manifest.Command)}</pre>\n");
        if (manifest.Overrides.Count > 0)
            html.Append($"<p>Overrides: {string.Join(" ", manifest.Overrides.Select(o => $"<code>--set {Html.Text(o)}</code>"))}</p>\n");
        var file = manifest.ExperimentFile is { } f ? $"<code>{Html.Text(f)}</code>" : "the experiment file";
        html.Append(manifest.ExperimentText == ""
            ? $"<p class=\"note\">The text of {file} was not recorded.</p>\n"
            : $"<p>{file} as it was when the sweep started:</p>\n<pre class=\"config\">{Html.Text(manifest.ExperimentText)}</pre>\n");
        if (manifest.Invocations.Count > 1)
        {
            html.Append($"<p>Every command that ran in this folder ({manifest.Invocations.Count}, oldest first; the one above is the latest):</p>\n<ol class=\"invocations\">\n");
            foreach (var run in manifest.Invocations)
            {
                var started = run.Started is { } t ? $"started {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "start time not recorded";
                var text = run.ExperimentText == manifest.ExperimentText ? "" : "; the experiment file's text differed from the one shown above";
                html.Append($"<li><code>{Html.Text(run.Command)}</code> ({started}{text})</li>\n");
            }
            html.Append("</ol>\n");
        }
        return html.ToString();
    }
}
