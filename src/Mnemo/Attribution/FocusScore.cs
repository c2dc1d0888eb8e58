using Mnemo.Formats;

namespace Mnemo.Attribution;

/// <summary>How much of the model's dependence falls where the algorithm looks: for each scored output
/// token, the share of its absolute attribution on the positions its format declares needed,
/// averaged over the outputs inside the trained length and over those beyond it (NaN: none there).
/// Scored are the outputs the model itself produces (not forced by the environment) whose format
/// declares needed positions.</summary>
public sealed record FocusScore(double Inside, int InsideCount, double Outside, int OutsideCount)
{
    public double All => InsideCount + OutsideCount == 0 ? double.NaN
        : (Nan0(Inside) * InsideCount + Nan0(Outside) * OutsideCount) / (InsideCount + OutsideCount);

    /// <param name="forced">Forced flags of the target; outputs beyond the target (a decoding that ran
    /// long) have no declared needs and are not scored.</param>
    /// <param name="trainedLength">The longest length the model was trained on.</param>
    public static FocusScore Compute(AttributionMap map, NeededPositions needs, IReadOnlyList<bool> forced, int trainedLength)
    {
        var shares = map.Shares();
        var inside = new List<double>();
        var outside = new List<double>();
        for (int j = 0; j < Math.Min(map.Columns, needs.Needed.Count); j++)
        {
            if (forced[j] || needs.Needed[j].Count == 0 || ColumnIsZero(shares, j)) continue;
            double share = needs.Needed[j].Distinct().Sum(i => shares[i, j]);
            (needs.Steps[map.FirstOutput + j] <= trainedLength ? inside : outside).Add(share);
        }
        return new FocusScore(Mean(inside), inside.Count, Mean(outside), outside.Count);
    }

    private static bool ColumnIsZero(double[,] shares, int j)
    {
        for (int i = 0; i < shares.GetLength(0); i++) if (shares[i, j] != 0) return false;
        return true;
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();
    private static double Nan0(double v) => double.IsNaN(v) ? 0 : v;
}
