using System.Globalization;

namespace Mnemo.Experiments;

/// <summary>One line of results.csv: one model at one length.</summary>
public sealed record ResultRow(
    string Task, string Format, string Scheme, int Seed, int Length, double Accuracy, int Examples,
    double TokenAccuracy, double MeanFirstError, int TrainMinLength, int TrainMaxLength,
    int Steps, double TrainSeconds, long TrainTokens)
{
    /// <summary>The experiment's further sweep axes with this model's values (<see cref="RunConfig.Axes"/>):
    /// columns between <c>seed</c> and <c>length</c>.</summary>
    public IReadOnlyDictionary<string, string> Axes { get; init => field = new AxisValues(value); } = new AxisValues([]);

    private static readonly string[] Leading = ["task", "format", "scheme", "seed"];
    private static readonly string[] Trailing =
        ["length", "accuracy", "examples", "token_accuracy", "mean_first_error", "train_min_length", "train_max_length", "steps", "train_seconds", "train_tokens"];

    /// <summary>The header of a results.csv without further axes.</summary>
    public static readonly string Header = HeaderFor([]);

    public static string HeaderFor(IEnumerable<string> axes) => string.Join(',', [.. Leading, .. axes, .. Trailing]);

    public string ToCsv(IEnumerable<string> axes) => string.Join(',', [
        Task, Format, Scheme, I(Seed), .. axes.Select(a => Axes.TryGetValue(a, out var v) ? v : ""), I(Length),
        F(Accuracy), I(Examples), F(TokenAccuracy), double.IsNaN(MeanFirstError) ? "" : F(MeanFirstError),
        I(TrainMinLength), I(TrainMaxLength), I(Steps), F(TrainSeconds), TrainTokens.ToString(CultureInfo.InvariantCulture)]);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The axis columns that <paramref name="rows"/> use, in first-seen order.</summary>
    public static List<string> AxisColumns(IEnumerable<ResultRow> rows) => rows.SelectMany(r => r.Axes.Keys).Distinct().ToList();

    /// <summary>Writes the whole file at once through a temporary file and a rename: a kill leaves the old
    /// file or the new one, never a half-written line.</summary>
    public static void WriteCsv(string path, IReadOnlyList<ResultRow> rows)
    {
        var axes = AxisColumns(rows);
        AtomicFile.WriteAllText(path, string.Join('\n', rows.Select(r => r.ToCsv(axes)).Prepend(HeaderFor(axes))) + "\n");
    }

    /// <summary>The rows of a results.csv written by <see cref="WriteCsv"/>, or null when the file is
    /// missing, has another header, or any line does not parse.</summary>
    public static List<ResultRow>? TryReadCsv(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllText(path).Split('\n');
        if (lines.Length < 2 || lines[^1] != "") return null;
        var header = lines[0].Split(',');
        int axisCount = header.Length - Leading.Length - Trailing.Length;
        if (axisCount < 0 || !header[..Leading.Length].SequenceEqual(Leading) || !header[^Trailing.Length..].SequenceEqual(Trailing)) return null;
        var axes = header[Leading.Length..(Leading.Length + axisCount)];
        var rows = new List<ResultRow>();
        foreach (var line in lines[1..^1])
        {
            var all = line.Split(',');
            if (all.Length != header.Length) return null;
            var f = all[^Trailing.Length..];
            var c = CultureInfo.InvariantCulture;
            const NumberStyles n = NumberStyles.Float;
            if (!int.TryParse(all[3], c, out var seed) || !int.TryParse(f[0], c, out var length) || !double.TryParse(f[1], n, c, out var accuracy)
                || !int.TryParse(f[2], c, out var examples) || !double.TryParse(f[3], n, c, out var tokenAccuracy)
                || !int.TryParse(f[5], c, out var minLength) || !int.TryParse(f[6], c, out var maxLength)
                || !int.TryParse(f[7], c, out var steps) || !double.TryParse(f[8], n, c, out var seconds) || !long.TryParse(f[9], c, out var tokens))
                return null;
            double firstError = double.NaN;
            if (f[4] != "" && !double.TryParse(f[4], n, c, out firstError)) return null;
            rows.Add(new ResultRow(all[0], all[1], all[2], seed, length, accuracy, examples, tokenAccuracy, firstError, minLength, maxLength, steps, seconds, tokens)
            {
                Axes = axes.Select((a, i) => (a, v: all[Leading.Length + i])).ToDictionary(x => x.a, x => x.v),
            });
        }
        return rows;
    }
}

/// <summary>Axis values compared by content, so that rows read back from a file equal the rows written.</summary>
internal sealed class AxisValues(IEnumerable<KeyValuePair<string, string>> values) : Dictionary<string, string>(values)
{
    public override bool Equals(object? obj) => obj is AxisValues other && this.SequenceEqual(other);
    public override int GetHashCode() => this.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value));
}
