using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>A causal depthwise convolution over token order with a residual connection, applied to the
/// normalized input of each attention layer (<c>model.short_conv: K</c>): y_t = x_t + Σ_{j=0}^{K−1} w_j ⊙ x_{t−j},
/// one weight per channel and offset, x_{t−j} = 0 before the first token. It reads the previous K−1 tokens
/// by their order in the sequence, not by their position values, so "the token two back" means the same at
/// any length and any density of (randomized) positions. Sources: "Canon layers" (Allen-Zhu, Physics of
/// Language Models 4.1, 2025; Canon-A: before attention, residual, no activation) and the short
/// convolutions of H3/Mamba/flash-linear-attention (<c>ShortConvolution</c>).
/// Shapes: x (B, T, D) → (B, T, D). Left padding is zeroed first, so padding never leaks into real tokens;
/// with a <see cref="KvCache"/> the last K−1 inputs carry over to the next decoding step.</summary>
public sealed class ShortConvolution : nn.Module
{
    private readonly Parameter weight;                  // (D, 1, K); weight[:, 0, K−1−j] multiplies x_{t−j}
    private readonly int kernel;
    private readonly int layer;

    public ShortConvolution(int dModel, int kernel, int layer) : base(nameof(ShortConvolution))
    {
        this.kernel = kernel;
        this.layer = layer;
        weight = nn.Parameter(zeros(dModel, 1, kernel));   // initialized with the model's other matrices
        RegisterComponents();
    }

    /// <param name="x">(B, T, D) the normalized block input.</param>
    /// <param name="valid">(B, T) false on left padding, or null when nothing is padded.</param>
    /// <param name="cache">Holds the previous step's last K−1 inputs of this layer during cached decoding.</param>
    public Tensor Forward(Tensor x, Tensor? valid, KvCache? cache)
    {
        long b = x.shape[0], d = x.shape[2];
        if (valid is not null) x = x * valid.unsqueeze(-1).to(x.dtype);
        var history = cache?.ConvolutionState(layer) ?? zeros(b, kernel - 1, d, dtype: x.dtype, device: x.device);
        var window = cat([history, x], 1);                                                // (B, K−1+T, D)
        cache?.SetConvolutionState(layer, window[.., (int)(window.shape[1] - (kernel - 1))..]);
        // Σ_j w_j ⊙ x_{t−j} as K shifted products in the (B, T, D) layout: the same sum as conv1d with one group
        // per channel, measured about twice as fast forward and backward at the quickstart's shapes, where
        // conv1d transposes its input and computes the weight gradient through im2col and many tiny matrix products
        long t = x.shape[1];
        var y = x;
        for (int j = 0; j < kernel; j++)
            y = y + window[.., j..(int)(j + t)] * weight[.., 0, j];                     // weight[:, 0, j] multiplies x_{t−(K−1−j)}
        return y;
    }
}
