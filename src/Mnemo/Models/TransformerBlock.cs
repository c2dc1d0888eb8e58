using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Pre-LayerNorm block: x + attn(ln(x)), then x + mlp(ln(x)); or, with
/// <see cref="ModelConfig.ParallelResidual"/> (GPT-NeoX), x + attn(ln₁(x)) + mlp(ln₂(x)).</summary>
public sealed class TransformerBlock : nn.Module
{
    private readonly LayerNorm attentionNorm;
    private readonly CausalSelfAttention attention;
    private readonly LayerNorm mlpNorm;
    private readonly Linear mlpIn;
    private readonly Linear mlpOut;
    private readonly Dropout dropout;
    private readonly bool parallel;
    private readonly GELU.Approximate gelu;

    public TransformerBlock(ModelConfig config, int layer) : base(nameof(TransformerBlock))
    {
        attentionNorm = nn.LayerNorm(config.DModel, config.Epsilon);
        attention = new CausalSelfAttention(config, layer);
        mlpNorm = nn.LayerNorm(config.DModel, config.Epsilon);
        mlpIn = nn.Linear(config.DModel, config.MlpWidth);
        mlpOut = nn.Linear(config.MlpWidth, config.DModel);
        dropout = nn.Dropout(config.Dropout);
        parallel = config.ParallelResidual;
        gelu = config.GeluTanh ? GELU.Approximate.tanh : GELU.Approximate.none;
        RegisterComponents();
    }

    /// <summary>The two projections that write into the residual stream (scaled at init, GPT-2 style).</summary>
    public IEnumerable<Linear> ResidualProjections => [attention.Output, mlpOut];

    public Tensor Forward(Tensor x, AttentionContext ctx)
    {
        var attended = dropout.call(attention.Forward(attentionNorm.call(x), ctx));
        if (parallel) return x + attended + Mlp(x);
        x = x + attended;
        return x + Mlp(x);
    }

    private Tensor Mlp(Tensor x) => dropout.call(mlpOut.call(nn.functional.gelu(mlpIn.call(mlpNorm.call(x)), gelu)));
}
