using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Models.Positions;

/// <summary>How a model learns where a token is. Positions are data (a (B, T) tensor per batch, chosen
/// by the data pipeline); a scheme acts through exactly one of three hooks, and attention never asks
/// which scheme it has.</summary>
public abstract class PositionalScheme(string name) : nn.Module(name)
{
    /// <summary>Added to the token embeddings (absolute schemes). x: (B, T, D), positions: (B, T).</summary>
    public virtual Tensor Embed(Tensor x, Tensor positions) => x;

    /// <summary>Applied to queries or keys (rotary). x: (B, H, T, Dh), positions: (B, T).</summary>
    public virtual Tensor Rotate(Tensor x, Tensor positions) => x;

    /// <summary>Added to the attention scores (ALiBi): (B, H, Tq, Tk), or null.</summary>
    public virtual Tensor? Bias(Tensor queryPositions, Tensor keyPositions) => null;
}
