using System.Globalization;
using Mnemo.Experiments;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>Prints the accuracy table: rows are lengths, columns configurations (mean over seeds, with
/// min–max when there are several), trained range marked.</summary>
public static class ResultsView
{
    public static void Print(IReadOnlyList<ResultRow> rows)
    {
        var pivot = new AccuracyTable(rows);
        var seeds = pivot.Seeds > 1 ? $", mean [min–max] over {pivot.Seeds} seeds" : "";
        // title and note as lines of their own: as a table's title and caption they wrap to its width, which
        // is narrow with one or two configurations
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("length");
        table.AddColumn(new TableColumn("n").RightAligned());
        foreach (var c in pivot.Columns) table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        for (int i = 0; i < pivot.Lengths.Count; i++)
        {
            int length = pivot.Lengths[i];
            var label = pivot.IsTrained(length) ? $"[bold]{length}[/] [dim](trained)[/]" : length.ToString(CultureInfo.InvariantCulture);
            var cells = pivot.Cells[i].Select(a => a is { } v ? Cell(v) : "");
            table.AddRow([label, pivot.ExamplesText(i), .. cells]);
        }
        AnsiConsole.WriteLine($"exact-match accuracy by length (greedy decoding{seeds})");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"n: examples per model at that length; trained on lengths {pivot.TrainMin}–{pivot.TrainMax}");
    }

    private static string Cell(SeedSpread s)
    {
        var text = SeedSpread.Percent(s.Mean) + "%" + (s.Seeds > 1 ? $" [dim][[{SeedSpread.Percent(s.Min)}–{SeedSpread.Percent(s.Max)}]][/]" : "");
        var color = s.Mean >= 0.9 ? "green" : s.Mean <= 0.5 ? "red" : "yellow";
        return $"[{color}]{text}[/]";
    }
}
