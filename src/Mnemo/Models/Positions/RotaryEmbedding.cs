using static TorchSharp.torch;

namespace Mnemo.Models.Positions;

/// <summary>Rotary embeddings (RoFormer; GPT-NeoX layout): the first <c>fraction × Dh</c> dimensions of
/// each head are split in two halves (x1, x2) and rotated by angle p·θ_i:
/// (x1 cos − x2 sin, x2 cos + x1 sin), θ_i = base^(−2i/r). The remaining dimensions pass unchanged, so
/// q·k depends on positions only through m − n.</summary>
public sealed class RotaryEmbedding : PositionalScheme
{
    private readonly int rotaryDims;
    private readonly Tensor inverseFrequency; // (r/2)

    /// <param name="scaling">Frequency scaling of long-context checkpoints (Llama 3), or null.</param>
    public RotaryEmbedding(int headDim, double fraction, double rotaryBase, RopeScaling? scaling = null) : base(nameof(RotaryEmbedding))
    {
        rotaryDims = Math.Max(2, (int)(headDim * fraction) / 2 * 2);
        using (NewDisposeScope()) // the float64 intermediates go now; the table lives as long as the module
        {
            var frequencies = pow(rotaryBase, -arange(0, rotaryDims, 2, dtype: float64) / rotaryDims);
            inverseFrequency = (scaling?.Apply(frequencies) ?? frequencies).to(float32).DetachFromDisposeScope();
        }
        register_buffer("inverse_frequency", inverseFrequency, persistent: false);
    }

    public override Tensor Rotate(Tensor x, Tensor positions)
    {
        var angles = positions.to(float32).unsqueeze(-1) * inverseFrequency;   // (B, T, r/2)
        var (halfCos, halfSin) = (angles.cos(), angles.sin());
        var cos = cat([halfCos, halfCos], -1).unsqueeze(1);                     // (B, 1, T, r)
        var sin = cat([halfSin, halfSin], -1).unsqueeze(1);
        int half = rotaryDims / 2;
        var rot = x[.., .., .., ..rotaryDims];
        var x1 = rot[.., .., .., ..half];
        var x2 = rot[.., .., .., half..];
        var rotated = rot * cos + cat([-x2, x1], -1) * sin;
        return rotaryDims == x.shape[^1] ? rotated : cat([rotated, x[.., .., .., rotaryDims..]], -1);
    }
}
