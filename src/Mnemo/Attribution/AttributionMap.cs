namespace Mnemo.Attribution;

/// <summary>Which context tokens each output token depends on. Rows are the context: the whole
/// sequence, prompt and outputs; column j is the output token at sequence index
/// <see cref="FirstOutput"/> + j. <c>Scores[i, j]</c> is 0 where i ≥ FirstOutput + j (the future).</summary>
/// <param name="Method">The <see cref="IAttributionMethod"/> name that computed the scores.</param>
public sealed record AttributionMap(string Method, IReadOnlyList<string> Context, int FirstOutput, double[,] Scores)
{
    public IReadOnlyList<string> Outputs => Context.Skip(FirstOutput).ToArray();
    public int Rows => Scores.GetLength(0);
    public int Columns => Scores.GetLength(1);

    /// <summary>Per column, each token's share of the column's absolute attribution: outputs whose
    /// gradients differ in scale become comparable (the image and the focus score use this).</summary>
    public double[,] Shares()
    {
        var shares = new double[Rows, Columns];
        for (int j = 0; j < Columns; j++)
        {
            double total = 0;
            for (int i = 0; i < Rows; i++) total += Math.Abs(Scores[i, j]);
            if (total == 0) continue;
            for (int i = 0; i < Rows; i++) shares[i, j] = Math.Abs(Scores[i, j]) / total;
        }
        return shares;
    }
}
