using System.Globalization;

namespace Mnemo.Experiments;

/// <summary>One line of results.csv: one model at one length.</summary>
public sealed record ResultRow(
    string Task, string Format, string Scheme, int Seed, int Length, double Accuracy, int Examples,
    double TokenAccuracy, double MeanFirstError, int TrainMinLength, int TrainMaxLength,
    int Steps, double TrainSeconds, long TrainTokens)
{
    public const string Header =
        "task,format,scheme,seed,length,accuracy,examples,token_accuracy,mean_first_error,train_min_length,train_max_length,steps,train_seconds,train_tokens";

    public bool InTrainedRange => Length >= TrainMinLength && Length <= TrainMaxLength;

    public string ToCsv() => string.Join(',',
        Task, Format, Scheme, Seed.ToString(CultureInfo.InvariantCulture), Length.ToString(CultureInfo.InvariantCulture),
        F(Accuracy), Examples.ToString(CultureInfo.InvariantCulture), F(TokenAccuracy),
        double.IsNaN(MeanFirstError) ? "" : F(MeanFirstError),
        TrainMinLength.ToString(CultureInfo.InvariantCulture), TrainMaxLength.ToString(CultureInfo.InvariantCulture),
        Steps.ToString(CultureInfo.InvariantCulture), F(TrainSeconds), TrainTokens.ToString(CultureInfo.InvariantCulture));

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Writes the whole file at once through a temporary file and a rename: a kill leaves the old
    /// file or the new one, never a half-written line.</summary>
    public static void WriteCsv(string path, IEnumerable<ResultRow> rows) =>
        AtomicFile.WriteAllText(path, string.Join('\n', rows.Select(r => r.ToCsv()).Prepend(Header)) + "\n");

    /// <summary>The rows of a results.csv written by <see cref="WriteCsv"/>, or null when the file is
    /// missing, has another header, or any line does not parse.</summary>
    public static List<ResultRow>? TryReadCsv(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllText(path).Split('\n');
        if (lines.Length < 2 || lines[0] != Header || lines[^1] != "") return null;
        var rows = new List<ResultRow>();
        foreach (var line in lines[1..^1])
        {
            var f = line.Split(',');
            if (f.Length != 14) return null;
            var c = CultureInfo.InvariantCulture;
            const NumberStyles n = NumberStyles.Float;
            if (!int.TryParse(f[3], c, out var seed) || !int.TryParse(f[4], c, out var length) || !double.TryParse(f[5], n, c, out var accuracy)
                || !int.TryParse(f[6], c, out var examples) || !double.TryParse(f[7], n, c, out var tokenAccuracy)
                || !int.TryParse(f[9], c, out var minLength) || !int.TryParse(f[10], c, out var maxLength)
                || !int.TryParse(f[11], c, out var steps) || !double.TryParse(f[12], n, c, out var seconds) || !long.TryParse(f[13], c, out var tokens))
                return null;
            double firstError = double.NaN;
            if (f[8] != "" && !double.TryParse(f[8], n, c, out firstError)) return null;
            rows.Add(new ResultRow(f[0], f[1], f[2], seed, length, accuracy, examples, tokenAccuracy, firstError, minLength, maxLength, steps, seconds, tokens));
        }
        return rows;
    }
}
