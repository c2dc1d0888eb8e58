namespace Mnemo.Attribution;

/// <summary>What one heatmap image shows: a matrix with a label per row and column (row 0 at the top).</summary>
/// <param name="ColorTitle">What the colors measure (the color bar's label).</param>
public sealed record Heatmap(
    double[,] Values, IReadOnlyList<string> RowLabels, IReadOnlyList<string> ColumnLabels,
    string Title, string RowTitle, string ColumnTitle, string ColorTitle)
{
    /// <summary>A line is drawn before each of these rows (e.g. where the trained length ends).</summary>
    public IReadOnlyList<int> RowMarks { get; init; } = [];

    /// <summary>A line is drawn before each of these columns.</summary>
    public IReadOnlyList<int> ColumnMarks { get; init; } = [];

    public int Rows => Values.GetLength(0);
    public int Columns => Values.GetLength(1);
}
