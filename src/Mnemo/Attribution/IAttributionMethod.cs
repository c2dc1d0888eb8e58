using static TorchSharp.torch;

namespace Mnemo.Attribution;

/// <summary>Turns the gradient of one output's log-probability with respect to the input embeddings
/// into one score per context token.</summary>
public interface IAttributionMethod
{
    /// <summary>The name <c>mnemo attribute --method</c> takes.</summary>
    string Name { get; }

    /// <summary>gradient, embedding: (B, T, D) → scores (B, T).</summary>
    Tensor Score(Tensor gradient, Tensor embedding);
}
