using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>How a sweep was produced, as recorded in its sweep.json: the command line, the overrides and
/// the experiment file's text as it was when the sweep started.</summary>
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
        return html.ToString();
    }
}
