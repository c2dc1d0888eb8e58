namespace Mnemo.Experiments;

/// <summary>Results pivoted for reading: one row per length, one column per configuration (format, plus
/// scheme when several, plus seed when several), with the trained range marked.</summary>
public sealed class AccuracyTable
{
    public AccuracyTable(IReadOnlyList<ResultRow> rows)
    {
        bool schemes = rows.Select(r => r.Scheme).Distinct().Count() > 1;
        bool seeds = rows.Select(r => r.Seed).Distinct().Count() > 1;
        string Key(ResultRow r) => r.Format + (schemes ? $" {r.Scheme}" : "") + (seeds ? $" s{r.Seed}" : "");
        Columns = rows.Select(Key).Distinct().ToList();
        Lengths = rows.Select(r => r.Length).Distinct().Order().ToList();
        var cells = rows.GroupBy(r => (r.Length, Key(r))).ToDictionary(g => g.Key, g => g.Average(r => r.Accuracy));
        Cells = Lengths.Select(l => Columns.Select(c => cells.TryGetValue((l, c), out var a) ? a : (double?)null).ToArray()).ToList();
        TrainMin = rows.Count == 0 ? 0 : rows.Min(r => r.TrainMinLength);
        TrainMax = rows.Count == 0 ? 0 : rows.Max(r => r.TrainMaxLength);
    }

    public List<string> Columns { get; }
    public List<int> Lengths { get; }
    /// <summary>Accuracy (0..1) per length row and column; null where that cell was not run.</summary>
    public List<double?[]> Cells { get; }
    public int TrainMin { get; }
    public int TrainMax { get; }

    public bool IsTrained(int length) => length >= TrainMin && length <= TrainMax;
}
