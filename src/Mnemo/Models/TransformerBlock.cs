using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Pre-LayerNorm block: x + attn(ln(x)), then x + mlp(ln(x)); or, with
/// <see cref="ModelConfig.ParallelResidual"/> (GPT-NeoX), x + attn(ln₁(x)) + mlp(ln₂(x)). With
/// <see cref="ModelConfig.Llama"/> the norms are RMSNorms and the MLP is <see cref="SwiGluMlp"/>. With
/// <see cref="ModelConfig.ShortConv"/>, attention reads ln(x) mixed with the previous tokens (<see cref="ShortConvolution"/>).</summary>
public sealed class TransformerBlock : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> attentionNorm;
    private readonly CausalSelfAttention attention;
    private readonly ShortConvolution? shortConv;
    private readonly nn.Module<Tensor, Tensor> mlpNorm;
    private readonly Linear? mlpIn;
    private readonly Linear? mlpOut;
    private readonly SwiGluMlp? mlp;
    private readonly Dropout dropout;
    private readonly bool parallel;
    private readonly GELU.Approximate gelu;

    public TransformerBlock(ModelConfig config, int layer) : base(nameof(TransformerBlock))
    {
        attentionNorm = Norm(config);
        attention = new CausalSelfAttention(config, layer);
        shortConv = config.ShortConv > 0 ? new ShortConvolution(config.DModel, config.ShortConv, layer) : null;
        mlpNorm = Norm(config);
        if (config.Llama is null)
        {
            mlpIn = nn.Linear(config.DModel, config.MlpWidth);
            mlpOut = nn.Linear(config.MlpWidth, config.DModel);
        }
        else mlp = new SwiGluMlp(config.DModel, config.MlpWidth);
        dropout = nn.Dropout(config.Dropout);
        parallel = config.ParallelResidual;
        gelu = config.GeluTanh ? GELU.Approximate.tanh : GELU.Approximate.none;
        RegisterComponents();
    }

    /// <summary>The two projections that write into the residual stream (scaled at init, GPT-2 style).</summary>
    public IEnumerable<Linear> ResidualProjections => [attention.Output, mlp?.Down ?? mlpOut!];

    /// <summary>The block's normalization: LayerNorm, or RMSNorm in the Llama block.</summary>
    public static nn.Module<Tensor, Tensor> Norm(ModelConfig config) =>
        config.Llama is null ? nn.LayerNorm(config.DModel, config.Epsilon) : new RmsNorm(config.DModel, config.Epsilon);

    /// <param name="x">(B, T, D), or the real tokens (N, D) when <see cref="AttentionContext.Unpadding"/> is set.</param>
    /// <param name="outputs">With unpadding: (M) int64, the tokens whose output is wanted: attention still reads
    /// every token, the rest of the block runs on these alone. Null: all.</param>
    /// <returns>The shape of <paramref name="x"/>, or (M, D) for <paramref name="outputs"/>.</returns>
    public Tensor Forward(Tensor x, AttentionContext ctx, Tensor? outputs = null)
    {
        var normed = attentionNorm.call(x);
        if (shortConv is not null) normed = shortConv.Forward(normed, ctx.QueryValid, ctx.Cache, ctx.Unpadding);
        var attended = dropout.call(attention.Forward(normed, ctx, outputs));
        if (outputs is not null) x = x.index_select(0, outputs);
        if (parallel) return x + attended + Mlp(x);
        x = x + attended;
        return x + Mlp(x);
    }

    private Tensor Mlp(Tensor x) =>
        dropout.call(mlp is not null ? mlp.call(mlpNorm.call(x)) : mlpOut!.call(nn.functional.gelu(mlpIn!.call(mlpNorm.call(x)), gelu)));
}
