using System.Globalization;
using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The training cost of a sweep: the summary sentence, and a folded table with every trial's
/// state, steps, wall time, tokens and held-out check.</summary>
public static class TrialsHtml
{
    public static string Render(SweepProgress progress)
    {
        var html = new StringBuilder("<h3>Training cost</h3>\n");
        html.Append($"<p>{Html.Text(progress.Cost() ?? "No trial is trained yet.")}</p>\n");
        html.Append("<details><summary>Every trial</summary>\n<table class=\"trials\"><thead><tr><th>trial</th><th>run folder</th><th>state</th>"
                    + "<th>steps</th><th>seconds</th><th>tokens</th><th>tokens/s</th><th>held-out exact match</th></tr></thead>\n<tbody>\n");
        foreach (var (trial, state, training) in progress.Trials)
        {
            html.Append($"<tr><td>{trial.Index}</td><td><code>{Html.Text(trial.Run)}</code></td><td>{Html.Text(state.Describe())}</td>");
            html.Append(training is { } t
                ? $"<td>{SweepProgress.Whole(t.Steps)}</td><td>{SweepProgress.Seconds(t.Seconds)}</td><td>{SweepProgress.Tokens(t.Tokens)}</td>"
                  + $"<td>{t.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture)}</td><td>{SeedSpread.Percent(t.HeldOutExact)}%</td>"
                : "<td colspan=\"5\"></td>");
            html.Append("</tr>\n");
        }
        return html.Append("</tbody></table></details>\n").ToString();
    }
}
