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

    public static void WriteCsv(string path, IEnumerable<ResultRow> rows) =>
        AtomicFile.WriteAllText(path, string.Join('\n', rows.Select(r => r.ToCsv()).Prepend(Header)) + "\n");
}
