using System.Globalization;
using Mnemo.Experiments;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>Prints the accuracy table: rows are lengths, columns configurations, trained range marked.</summary>
public static class ResultsView
{
    public static void Print(IReadOnlyList<ResultRow> rows)
    {
        var pivot = new AccuracyTable(rows);
        var table = new Table().Border(TableBorder.Rounded).Title("exact-match accuracy by length (greedy decoding)");
        table.AddColumn("length");
        foreach (var c in pivot.Columns) table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        for (int i = 0; i < pivot.Lengths.Count; i++)
        {
            int length = pivot.Lengths[i];
            var label = pivot.IsTrained(length) ? $"[bold]{length}[/] [dim](trained)[/]" : length.ToString(CultureInfo.InvariantCulture);
            var cells = pivot.Cells[i].Select(a => a is { } v ? Color(v) : "");
            table.AddRow([label, .. cells]);
        }
        table.Caption($"trained on lengths {pivot.TrainMin}–{pivot.TrainMax}");
        AnsiConsole.Write(table);
    }

    private static string Color(double accuracy)
    {
        var text = (accuracy * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        return accuracy >= 0.9 ? $"[green]{text}[/]" : accuracy <= 0.5 ? $"[red]{text}[/]" : $"[yellow]{text}[/]";
    }
}
