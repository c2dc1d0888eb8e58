using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Multi-head causal self-attention. When nobody records the weights and no dropout applies, it
/// runs libtorch's fused scaled_dot_product_attention with the context's mask (plus the scheme's bias),
/// which never materializes the T × T weights: measured 1.3–2× faster than matmul + mask + softmax at
/// our sizes (docs/performance.md). Otherwise it computes the weights explicitly so they can be recorded.
/// Both paths compute the same function: softmax(q·kᵀ/√dh + bias, masked) · v.</summary>
public sealed class CausalSelfAttention : nn.Module
{
    // Scalars live as long as the module: a temporary Scalar made by implicit conversion (tensor / double)
    // can be finalized while libtorch still reads it, a race seen as "Unknown scalar type" under load.
    private readonly Scalar scale;
    private readonly Linear qkv;
    private readonly Linear output;
    private readonly Dropout dropout;
    private readonly Parameter? ssmaxScale;
    private readonly Scalar? lognInverse;                                                 // 1 / log base
    private static readonly Scalar One = 1.0.ToScalar();
    private readonly double dropoutRate;
    private readonly int heads;
    private readonly int layer;

    public CausalSelfAttention(ModelConfig config, int layer) : base(nameof(CausalSelfAttention))
    {
        qkv = nn.Linear(config.DModel, 3 * config.DModel);
        output = nn.Linear(config.DModel, config.DModel);
        dropout = nn.Dropout(config.Dropout);
        dropoutRate = config.Dropout;
        heads = config.Heads;
        scale = (1.0 / Math.Sqrt(config.HeadDim)).ToScalar();
        this.layer = layer;
        // SSMax's s, one per head; 0.43 is the value of the SSMax paper's illustration: s·log n ≈ 1 (plain
        // attention) at n ≈ 10 keys, so training starts close to the standard model
        ssmaxScale = config.AttentionScaling == AttentionScaling.Ssmax ? nn.Parameter(full(config.Heads, 0.43)) : null;
        lognInverse = config.AttentionScaling == AttentionScaling.Logn ? (1.0 / Math.Log(config.LognBase)).ToScalar() : null;
        RegisterComponents();
    }

    public Linear Output => output;

    public Tensor Forward(Tensor x, AttentionContext ctx)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var parts = qkv.call(x).view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4).unbind(0); // 3 × (B, H, T, Dh)
        var q = ctx.Scheme.Rotate(parts[0], ctx.QueryPositions);
        if (ssmaxScale is not null)                                                        // softmax(s·log n·z)
            q = q * (ssmaxScale.view(1, heads, 1, 1) * ctx.LogKeyCount).to(q.dtype);      // (B, H, Tq, Dh)
        else if (lognInverse is not null)                                                  // max(1, log n / log base)
            q = q * ctx.LogKeyCount.mul(lognInverse).clamp_min(One).to(q.dtype);
        var k = ctx.Scheme.Rotate(parts[1], ctx.QueryPositions);
        var v = parts[2];
        if (ctx.Cache is { } cache) (k, v) = cache.Append(layer, k, v);                 // (B, H, Tk, Dh)

        var y = ctx.Recorder is null && (dropoutRate == 0 || !training)
            ? Fused(q, k, v, ctx)
            : Explicit(q, k, v, ctx);                                                      // (B, H, Tq, Dh)
        return output.call(y.transpose(1, 2).reshape(b, t, d));
    }

    /// <summary>A query whose keys are all masked (left padding) gets zeros here and a uniform average in
    /// <see cref="Explicit"/>; such queries are padding themselves, and no real query ever reads them.</summary>
    private static Tensor Fused(Tensor q, Tensor k, Tensor v, AttentionContext ctx) =>
        ctx.CausalKernel
            ? nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true)
            : nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: ctx.FusedMask);

    private Tensor Explicit(Tensor q, Tensor k, Tensor v, AttentionContext ctx)
    {
        var scores = q.matmul(k.transpose(-2, -1)).mul_(scale);                          // (B, H, Tq, Tk)
        if (ctx.Bias is { } bias) scores = scores + bias;
        scores = scores.masked_fill(ctx.Allowed.logical_not(), AttentionContext.Masked);
        var weights = nn.functional.softmax(scores, -1);
        ctx.Recorder?.Invoke(layer, weights);
        return dropout.call(weights).matmul(v);
    }
}
