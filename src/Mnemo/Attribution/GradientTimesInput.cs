using static TorchSharp.torch;

namespace Mnemo.Attribution;

/// <summary>Gradient × input (the paper's Figure 5): the gradient multiplied elementwise with the
/// embedding and summed over the hidden dimension. Signed: the first-order change of the
/// log-probability if that token's embedding were scaled to zero, with the sign reversed.</summary>
public sealed class GradientTimesInput : IAttributionMethod
{
    public const string MethodName = "grad-x-input";
    public string Name => MethodName;
    public Tensor Score(Tensor gradient, Tensor embedding) => (gradient * embedding).sum(-1);
}
