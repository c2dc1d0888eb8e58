using System.Globalization;
using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The table behind an accuracy plot: one row per length (trained ones marked) with n, the examples
/// each accuracy was measured on, one column per configuration, each cell the mean accuracy in percent
/// with its interval (min–max over seeds when there are several, else the 95% Wilson interval of the
/// proportion), on a green tint as strong as the accuracy.</summary>
public static class AccuracyTableHtml
{
    public static string Render(AccuracyTable table)
    {
        var interval = table.Seeds > 1 ? $"mean [min–max] over {table.Seeds} seeds" : "[95% Wilson interval of the proportion]";
        var html = new StringBuilder();
        html.Append($"<p class=\"caption\">Exact-match accuracy (%) by length (greedy decoding, {interval}); n: examples per model at that length; "
                    + $"trained on lengths {table.TrainMin}–{table.TrainMax} (shaded rows).</p>\n<table class=\"accuracy\"><thead><tr><th>length</th><th>n</th>");
        foreach (var column in table.Columns) html.Append($"<th>{Html.Text(column)}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < table.Lengths.Count; i++)
        {
            int length = table.Lengths[i];
            bool trained = table.IsTrained(length);
            html.Append(trained ? $"<tr class=\"trained\"><th>{length} <small>(trained)</small></th>" : $"<tr><th>{length}</th>");
            html.Append($"<td class=\"n\">{table.ExamplesText(i)}</td>");
            foreach (var cell in table.Cells[i]) html.Append(Cell(cell));
            html.Append("</tr>\n");
        }
        return html.Append("</tbody></table>\n").ToString();
    }

    private static string Cell(SeedSpread? cell)
    {
        if (cell is null) return "<td class=\"missing\">–</td>";
        var spread = cell.Interval is var (low, high) ? $" <small>[{SeedSpread.Percent(low)}–{SeedSpread.Percent(high)}]</small>" : "";
        var tint = (0.45 * cell.Mean).ToString("0.###", CultureInfo.InvariantCulture);
        return $"<td style=\"background: rgba(46, 160, 67, {tint})\">{SeedSpread.Percent(cell.Mean)}{spread}</td>";
    }
}
