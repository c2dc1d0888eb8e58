namespace Mnemo.Experiments;

/// <summary>Results pivoted for reading: one row per length, one column per configuration (format, plus
/// scheme and further axes where they vary), each cell the spread over seeds, with the trained range marked.</summary>
public sealed class AccuracyTable
{
    public AccuracyTable(IReadOnlyList<ResultRow> rows)
    {
        var names = ConfigurationNames.Of(rows);
        string Key(ResultRow r) => names.Name(r.Format, r.Scheme, r.Axes);
        Columns = rows.Select(Key).Distinct().ToList();
        Lengths = rows.Select(r => r.Length).Distinct().Order().ToList();
        var cells = rows.GroupBy(r => (r.Length, Key(r))).ToDictionary(g => g.Key, g => SeedSpread.Of(g.ToList()));
        Cells = Lengths.Select(l => Columns.Select(c => cells.GetValueOrDefault((l, c))).ToArray()).ToList();
        TrainMin = rows.Count == 0 ? 0 : rows.Min(r => r.TrainMinLength);
        TrainMax = rows.Count == 0 ? 0 : rows.Max(r => r.TrainMaxLength);
        Seeds = rows.Select(r => r.Seed).Distinct().Count();
        Examples = Lengths.Select(l => rows.Where(r => r.Length == l).Select(r => r.Examples).ToList()).Select(n => (n.Min(), n.Max())).ToList();
    }

    /// <summary>Per length row, the fewest and most examples any model was measured on (n of each cell's accuracy).</summary>
    public List<(int Min, int Max)> Examples { get; }

    /// <summary>n of a length row as the tables print it: "200", or "20–200" when models were measured on different counts.</summary>
    public string ExamplesText(int row) => Examples[row] is var (low, high) && low == high ? $"{low}" : $"{Examples[row].Min}–{Examples[row].Max}";

    public List<string> Columns { get; }
    public List<int> Lengths { get; }
    /// <summary>Accuracy (0..1) over seeds per length row and column; null where that cell was not run.</summary>
    public List<SeedSpread?[]> Cells { get; }
    public int TrainMin { get; }
    public int TrainMax { get; }
    public int Seeds { get; }

    public bool IsTrained(int length) => length >= TrainMin && length <= TrainMax;
}
