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
    private readonly Linear? qkv;                    // GPT: q, k, v fused in one projection
    private readonly Linear? query, key, value;      // Llama/Qwen: separate, keys and values with fewer heads
    private readonly RmsNorm? queryNorm, keyNorm;    // Qwen3: per-head RMSNorm of q and k before rotary
    private readonly Linear output;
    private readonly Dropout dropout;
    private readonly Parameter? ssmaxScale;
    private readonly Scalar? lognInverse;                                                 // 1 / log base
    private static readonly Scalar One = 1.0.ToScalar();
    private readonly double dropoutRate;
    private readonly int heads;
    private readonly int kvHeads;
    private readonly int headDim;
    private readonly int layer;

    public CausalSelfAttention(ModelConfig config, int layer) : base(nameof(CausalSelfAttention))
    {
        heads = config.Heads;
        headDim = config.HeadDim;
        if (config.Llama is { } llama)
        {
            kvHeads = llama.KvHeads;
            query = nn.Linear(config.DModel, heads * headDim, hasBias: llama.QkvBias);
            key = nn.Linear(config.DModel, kvHeads * headDim, hasBias: llama.QkvBias);
            value = nn.Linear(config.DModel, kvHeads * headDim, hasBias: llama.QkvBias);
            output = nn.Linear(heads * headDim, config.DModel, hasBias: llama.OutputBias);
            if (llama.QkNorm) (queryNorm, keyNorm) = (new RmsNorm(headDim, config.Epsilon), new RmsNorm(headDim, config.Epsilon));
        }
        else
        {
            kvHeads = heads;
            qkv = nn.Linear(config.DModel, 3 * config.DModel);
            output = nn.Linear(config.DModel, config.DModel);
        }
        dropout = nn.Dropout(config.Dropout);
        dropoutRate = config.Dropout;
        scale = (1.0 / Math.Sqrt(config.HeadDim)).ToScalar();
        this.layer = layer;
        // SSMax's s, one per head; 0.43 is the value of the SSMax paper's illustration: s·log n ≈ 1 (plain
        // attention) at n ≈ 10 keys, so training starts close to the standard model
        ssmaxScale = config.AttentionScaling == AttentionScaling.Ssmax ? nn.Parameter(full(config.Heads, 0.43)) : null;
        lognInverse = config.AttentionScaling == AttentionScaling.Logn ? (1.0 / Math.Log(config.LognBase)).ToScalar() : null;
        RegisterComponents();
    }

    public Linear Output => output;

    /// <param name="x">(B, T, D), or the real tokens (N, D) when <see cref="AttentionContext.Unpadding"/> is set.</param>
    /// <param name="outputs">With unpadding: (M) int64, the tokens of x whose output is wanted (every token
    /// still attends to all of its keys); null: all.</param>
    /// <returns>The same shape as <paramref name="x"/>, or (M, D) for <paramref name="outputs"/>.</returns>
    public Tensor Forward(Tensor x, AttentionContext ctx, Tensor? outputs = null)
    {
        var (q, k, v) = Project(x, ctx.Unpadding);                                        // (B, H, T, Dh), 2 × (B, Hkv, T, Dh)
        q = ctx.Scheme.Rotate(q, ctx.QueryPositions);
        if (ssmaxScale is not null)                                                        // softmax(s·log n·z)
            q = q * (ssmaxScale.view(1, heads, 1, 1) * ctx.LogKeyCount).to(q.dtype);      // (B, H, Tq, Dh)
        else if (lognInverse is not null)                                                  // max(1, log n / log base)
            q = q * ctx.LogKeyCount.mul(lognInverse).clamp_min(One).to(q.dtype);
        k = ctx.Scheme.Rotate(k, ctx.QueryPositions);
        if (ctx.Cache is { } cache) (k, v) = cache.Append(layer, k, v);                 // (B, Hkv, Tk, Dh)
        if (kvHeads != heads)                                                              // query head h reads kv head h / (H / Hkv)
            (k, v) = (k.repeat_interleave(heads / kvHeads, dim: 1), v.repeat_interleave(heads / kvHeads, dim: 1));

        var y = ctx.Recorder is null && (dropoutRate == 0 || !training)
            ? Fused(q, k, v, ctx)
            : Explicit(q, k, v, ctx);                                                      // (B, H, Tq, Dh)
        long b = q.shape[0], t = q.shape[2];
        var merged = y.transpose(1, 2).reshape(b, t, heads * headDim);                   // (B, T, H·Dh)
        var rows = ctx.Unpadding?.Unpad(merged) ?? merged;                                 // (N, H·Dh) unpadded
        return output.call(outputs is null ? rows : rows.index_select(0, outputs));
    }

    /// <summary>Queries (B, H, T, Dh), keys and values (B, Hkv, T, Dh) of x (B, T, D), or of the real tokens
    /// x (N, D) of <paramref name="unpadding"/>: projected token by token, then laid out as the padded batch.</summary>
    private (Tensor Q, Tensor K, Tensor V) Project(Tensor x, Unpadding? unpadding)
    {
        Tensor Padded(Tensor rows) => unpadding?.Pad(rows) ?? rows;                         // (B, T, …)
        if (qkv is not null)
        {
            var all = Padded(qkv.call(x));
            var parts = all.view(all.shape[0], all.shape[1], 3, heads, headDim).permute(2, 0, 3, 1, 4).unbind(0); // 3 × (B, H, T, Dh)
            return (parts[0], parts[1], parts[2]);
        }
        Tensor Heads(Linear projection, int count)
        {
            var rows = Padded(projection.call(x));
            return rows.view(rows.shape[0], rows.shape[1], count, headDim).transpose(1, 2);
        }
        var q = Heads(query!, heads);
        var k = Heads(key!, kvHeads);
        return (queryNorm?.call(q) ?? q, keyNorm?.call(k) ?? k, Heads(value!, kvHeads));
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
