using System.Globalization;
using System.Text;
using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The table behind an accuracy plot: one row per length (trained ones marked), one column per
/// configuration, each cell the mean accuracy in percent, with [min–max] when there are several seeds,
/// on a green tint as strong as the accuracy.</summary>
public static class AccuracyTableHtml
{
    public static string Render(AccuracyTable table)
    {
        var seeds = table.Seeds > 1 ? $", mean [min–max] over {table.Seeds} seeds" : "";
        var html = new StringBuilder();
        html.Append($"<p class=\"caption\">Exact-match accuracy (%) by length (greedy decoding{seeds}); "
                    + $"trained on lengths {table.TrainMin}–{table.TrainMax} (shaded rows).</p>\n<table class=\"accuracy\"><thead><tr><th>length</th>");
        foreach (var column in table.Columns) html.Append($"<th>{Html.Text(column)}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < table.Lengths.Count; i++)
        {
            int length = table.Lengths[i];
            bool trained = table.IsTrained(length);
            html.Append(trained ? $"<tr class=\"trained\"><th>{length} <small>(trained)</small></th>" : $"<tr><th>{length}</th>");
            foreach (var cell in table.Cells[i]) html.Append(Cell(cell));
            html.Append("</tr>\n");
        }
        return html.Append("</tbody></table>\n").ToString();
    }

    private static string Cell(SeedSpread? cell)
    {
        if (cell is null) return "<td class=\"missing\">–</td>";
        var spread = cell.Seeds > 1 ? $" <small>[{SeedSpread.Percent(cell.Min)}–{SeedSpread.Percent(cell.Max)}]</small>" : "";
        var tint = (0.45 * cell.Mean).ToString("0.###", CultureInfo.InvariantCulture);
        return $"<td style=\"background: rgba(46, 160, 67, {tint})\">{SeedSpread.Percent(cell.Mean)}{spread}</td>";
    }
}
