using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Multi-head causal self-attention, written out (matmul, mask, softmax) so that the weights
/// can be recorded and any scheme's bias added; as fast as the fused kernel at our sizes.</summary>
public sealed class CausalSelfAttention : nn.Module
{
    private readonly Linear qkv;
    private readonly Linear output;
    private readonly Dropout dropout;
    private readonly int heads;
    private readonly int layer;

    public CausalSelfAttention(ModelConfig config, int layer) : base(nameof(CausalSelfAttention))
    {
        qkv = nn.Linear(config.DModel, 3 * config.DModel);
        output = nn.Linear(config.DModel, config.DModel);
        dropout = nn.Dropout(config.Dropout);
        heads = config.Heads;
        this.layer = layer;
        RegisterComponents();
    }

    public Linear Output => output;

    public Tensor Forward(Tensor x, AttentionContext ctx)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var parts = qkv.call(x).view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4); // (3, B, H, T, Dh)
        var q = ctx.Scheme.Rotate(parts[0], ctx.QueryPositions);
        var k = ctx.Scheme.Rotate(parts[1], ctx.QueryPositions);
        var v = parts[2];
        if (ctx.Cache is { } cache) (k, v) = cache.Append(layer, k, v);                 // (B, H, Tk, Dh)

        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(d / heads);            // (B, H, Tq, Tk)
        if (ctx.Scheme.Bias(ctx.QueryPositions, ctx.KeyPositions) is { } bias) scores = scores + bias;
        scores = scores.masked_fill(ctx.Allowed.logical_not(), -1e9f);
        var weights = nn.functional.softmax(scores, -1);
        ctx.Recorder?.Invoke(layer, weights);
        var y = dropout.call(weights).matmul(v);                                         // (B, H, Tq, Dh)
        return output.call(y.transpose(1, 2).reshape(b, t, d));
    }
}
