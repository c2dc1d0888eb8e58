using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Models.Positions;

/// <summary>Fixed sine/cosine encodings of the original Transformer:
/// PE(p, 2i) = sin(p / 10000^(2i/D)), PE(p, 2i+1) = cos(p / 10000^(2i/D)).</summary>
public sealed class SinusoidalPositions : PositionalScheme
{
    private readonly Tensor inverseFrequency; // (D/2)
    private readonly Scalar embeddingScale; // a field, not a temporary: see CausalSelfAttention

    public SinusoidalPositions(int dModel) : base(nameof(SinusoidalPositions))
    {
        if (dModel % 2 != 0) throw new MnemoException($"model.d_model: sinusoidal positions need an even d_model, got {dModel}");
        embeddingScale = Math.Sqrt(dModel).ToScalar();
        using (NewDisposeScope()) // the float64 intermediates go now; the table lives as long as the module
            inverseFrequency = exp(arange(0, dModel, 2, dtype: float64) * (-Math.Log(10000.0) / dModel)).to(float32).DetachFromDisposeScope();
        register_buffer("inverse_frequency", inverseFrequency, persistent: false);
    }

    public static Tensor Encode(Tensor positions, Tensor inverseFrequency)
    {
        var angles = positions.to(float32).unsqueeze(-1) * inverseFrequency; // (B, T, D/2)
        // interleave: even dims sin, odd dims cos
        return stack([angles.sin(), angles.cos()], dim: -1).flatten(-2);  // (B, T, D)
    }

    /// <summary>As in the original Transformer, token embeddings are scaled by √D first, so that the
    /// unit-amplitude encodings do not drown the small initial embeddings.</summary>
    public override Tensor Embed(Tensor x, Tensor positions) => x * embeddingScale + Encode(positions, inverseFrequency);
}
