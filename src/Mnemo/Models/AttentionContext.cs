using Mnemo.Models.Positions;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>What every attention layer of one forward pass shares: the positional scheme, the positions
/// of queries and keys, which keys each query may see, and the cache. The mask and the scheme's bias
/// are the same in every layer, so they are built once per forward pass, and only when a layer needs
/// them: a training batch (no padding, no cache, no bias) runs on libtorch's mask-free causal kernel.</summary>
/// <param name="allowed">Builds the (B, 1, Tq, Tk) mask, true where a query may attend to a key (causal and not padding).</param>
/// <param name="plainCausal">No padding and no cache: the mask is the lower triangle, which libtorch's
/// fused attention applies by itself (is_causal) without reading a mask, and faster.</param>
/// <param name="recorder">When set, receives every layer's attention weights (B, H, Tq, Tk).</param>
/// <param name="queryValid">(B, Tq) false where this pass's tokens are padding; null when none are.</param>
/// <param name="unpadding">Set when the blocks' inputs are the real tokens of a right-padded batch, (N, D),
/// rather than (B, T, D): attention and the short convolution map them to and from the padded layout.</param>
public sealed class AttentionContext(
    PositionalScheme scheme, Tensor queryPositions, Tensor keyPositions, Func<Tensor> allowed, bool plainCausal,
    KvCache? cache, Action<int, Tensor>? recorder, Tensor? queryValid, Unpadding? unpadding = null)
{
    /// <summary>What blocked keys get before the softmax, in both attention paths (a field: a Scalar
    /// temporary could be finalized while libtorch still reads it).</summary>
    public static readonly Scalar Masked = (-1e9f).ToScalar();

    private readonly Lazy<Tensor> allowedMask = new(allowed);
    private readonly Lazy<Tensor?> bias = new(() => scheme.Bias(queryPositions, keyPositions));
    private Tensor? fusedMask;
    private Tensor? logKeyCount;

    public PositionalScheme Scheme => scheme;
    public Tensor QueryPositions => queryPositions;
    public KvCache? Cache => cache;
    public Action<int, Tensor>? Recorder => recorder;

    /// <summary>(B, Tq) false where this forward pass's own tokens are padding; null when none are.</summary>
    public Tensor? QueryValid => queryValid;

    /// <summary>The batch's real tokens when the blocks run on them alone; null when they run on (B, T, D).</summary>
    public Unpadding? Unpadding => unpadding;

    /// <summary>(B, 1, Tq, Tk) true where a query may attend to a key.</summary>
    public Tensor Allowed => allowedMask.Value;

    /// <summary>The scheme's additive bias (B, H, Tq, Tk), or null for schemes without one.</summary>
    public Tensor? Bias => bias.Value;

    /// <summary>log n per query, n = the number of keys it may attend to (padding not counted, so a query
    /// gets the same n whatever else is in its batch): (1, 1, Tq, 1) without padding or cache, else
    /// (B, 1, Tq, 1); float32. Used by <see cref="AttentionScaling.Ssmax"/>.</summary>
    public Tensor LogKeyCount => logKeyCount ??= plainCausal
        ? arange(1, queryPositions.shape[1] + 1, dtype: float32, device: queryPositions.device).log_().view(1, 1, -1, 1)
        : Allowed.sum(-1, keepdim: true).clamp_min(1).to(float32).log_();

    /// <summary>Whether the fused kernel can apply the causal mask itself, reading no mask at all.</summary>
    public bool CausalKernel => plainCausal && Bias is null;

    /// <summary>The fused kernel's attn_mask: the boolean mask, or the bias with blocked keys at −1e9.</summary>
    public Tensor FusedMask => fusedMask ??= Bias is { } b ? b.masked_fill(Allowed.logical_not(), Masked) : Allowed;
}
