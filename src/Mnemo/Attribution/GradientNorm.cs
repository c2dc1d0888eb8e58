using static TorchSharp.torch;

namespace Mnemo.Attribution;

/// <summary>The L2 norm of the gradient alone: how sensitive the output is to a token, whatever that
/// token's embedding happens to be (never negative).</summary>
public sealed class GradientNorm : IAttributionMethod
{
    public const string MethodName = "grad-norm";
    public string Name => MethodName;
    public Tensor Score(Tensor gradient, Tensor embedding) => gradient.square().sum(-1).sqrt();
}
