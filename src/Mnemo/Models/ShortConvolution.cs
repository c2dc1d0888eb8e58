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

    /// <param name="x">(B, T, D) the normalized block input, or the real tokens (N, D) of <paramref name="unpadding"/>.</param>
    /// <param name="valid">(B, T) false on left padding, or null when nothing is padded.</param>
    /// <param name="cache">Holds the previous step's last K−1 inputs of this layer during cached decoding.</param>
    /// <param name="unpadding">Set when x holds a right-padded batch's real tokens one row after another: the
    /// token j back is then j rows back, and is taken only where it lies in the same sequence.</param>
    /// <returns>The same shape as <paramref name="x"/>.</returns>
    public Tensor Forward(Tensor x, Tensor? valid, KvCache? cache, Unpadding? unpadding = null)
    {
        if (valid is not null) x = x * valid.unsqueeze(-1).to(x.dtype);
        int time = (int)x.dim() - 2;                                                       // the token axis: 1, or 0 unpadded
        long t = x.shape[time], d = x.shape[^1];
        var history = cache?.ConvolutionState(layer)
            ?? zeros(unpadding is null ? [x.shape[0], kernel - 1, d] : [kernel - 1, d], dtype: x.dtype, device: x.device);
        var window = cat([history, x], time);                                             // (B, K−1+T, D) or (K−1+N, D)
        cache?.SetConvolutionState(layer, window[.., (int)(window.shape[1] - (kernel - 1))..]);
        // Σ_j w_j ⊙ x_{t−j} as K shifted products along the token axis: the same sum as conv1d with one group
        // per channel, measured about twice as fast forward and backward at the quickstart's shapes, where
        // conv1d transposes its input and computes the weight gradient through im2col and many tiny matrix products
        var y = x;
        for (int j = 0; j < kernel; j++)
        {
            int back = kernel - 1 - j;
            var term = window.narrow(time, j, t) * weight[.., 0, j];                      // weight[:, 0, j] multiplies x_{t−back}
            if (unpadding is not null && back > 0) term = term * unpadding.Reaches(back);  // not across a sequence start
            y = y + term;
        }
        return y;
    }
}
