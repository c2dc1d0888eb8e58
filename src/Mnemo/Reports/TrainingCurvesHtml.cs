using System.Text;

namespace Mnemo.Reports;

/// <summary>The report's training curves of a sweep: the three charts embedded, with links to their files.</summary>
public static class TrainingCurvesHtml
{
    public static string Render(IReadOnlyList<(string File, PlotImages Plot)> charts, string pageFolder)
    {
        var html = new StringBuilder("<h3>Training curves</h3>\n");
        if (charts.Count == 0) return html.Append("<p class=\"note\">No trial has logged a training step yet (metrics.jsonl).</p>\n").ToString();
        html.Append("<p class=\"caption\">From each run's metrics.jsonl (every <code>training.log_every</code> steps; held-out exact match every "
                    + "<code>training.eval_every</code>); the dashed grey line marks the end of the copy warm-up. "
                    + "The same numbers are in TensorBoard: <code>tensorboard --logdir</code> on the sweep folder.</p>\n");
        foreach (var (file, plot) in charts)
            html.Append($"<figure class=\"plot curves\"><img src=\"{Html.PngData(plot.Png)}\" alt=\"training curves: {Html.Text(Path.GetFileNameWithoutExtension(file))}\">"
                        + $"<figcaption><a href=\"{Html.Link(pageFolder, file)}\">{Html.Text(Path.GetFileName(file))}</a></figcaption></figure>\n");
        return html.ToString();
    }
}
