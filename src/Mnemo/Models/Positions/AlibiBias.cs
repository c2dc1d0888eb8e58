using static TorchSharp.torch;

namespace Mnemo.Models.Positions;

/// <summary>ALiBi (Press et al. 2022; BLOOM): no position embeddings; each head h adds
/// −m_h·(i − j) to the score of query i on key j. Slopes are a geometric sequence starting at
/// 2^(−8/n) for n heads; when n is not a power of two, the slopes of the closest smaller power of two
/// are followed by every other slope of the next power of two.</summary>
public sealed class AlibiBias : PositionalScheme
{
    private readonly Tensor slopes; // (H)

    public AlibiBias(int heads) : base(nameof(AlibiBias))
    {
        slopes = tensor(Slopes(heads), dtype: float32);
        register_buffer("slopes", slopes, persistent: false);
    }

    public static float[] Slopes(int heads)
    {
        static IEnumerable<double> PowerOfTwo(int n)
        {
            double start = Math.Pow(2, -8.0 / n);
            return Enumerable.Range(0, n).Select(i => Math.Pow(start, i + 1));
        }
        int closest = 1 << (int)Math.Floor(Math.Log2(heads));
        var result = PowerOfTwo(closest);
        if (closest < heads)
            result = result.Concat(PowerOfTwo(2 * closest).Where((_, i) => i % 2 == 0).Take(heads - closest));
        return result.Select(s => (float)s).ToArray();
    }

    public override Tensor? Bias(Tensor queryPositions, Tensor keyPositions)
    {
        var distance = (queryPositions.unsqueeze(-1) - keyPositions.unsqueeze(-2)).to(float32); // (B, Tq, Tk)
        return -slopes.view(1, -1, 1, 1) * distance.unsqueeze(1);                               // (B, H, Tq, Tk)
    }
}
