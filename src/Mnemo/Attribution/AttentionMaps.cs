using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Attribution;

/// <summary>The raw attention weights of every layer and head for one sequence:
/// <c>Weights[layer][head][query, key]</c>, each row summing to 1 over the keys it may see.</summary>
public sealed record AttentionMaps(IReadOnlyList<IReadOnlyList<double[,]>> Weights)
{
    public int Layers => Weights.Count;
    public int Heads => Weights.Count == 0 ? 0 : Weights[0].Count;

    /// <summary>One forward pass over the whole sequence with a recorder on every attention layer.</summary>
    public static AttentionMaps Record(TransformerLM model, IReadOnlyList<int> ids, IReadOnlyList<int> positions)
    {
        var layers = new IReadOnlyList<double[,]>[model.Config.Layers];
        using var mode = new EvalMode(model);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.Forward(SequenceTensor.Row(ids), SequenceTensor.Row(positions), recorder: (layer, weights) => layers[layer] = PerHead(weights));
        return new AttentionMaps(layers);
    }

    /// <summary>(1, H, T, T) → H matrices [query, key].</summary>
    private static double[][,] PerHead(Tensor weights)
    {
        long heads = weights.shape[1], t = weights.shape[2];
        var values = weights.to(float64).data<double>().ToArray();
        var result = new double[heads][,];
        for (int h = 0; h < heads; h++)
        {
            result[h] = new double[t, t];
            for (int q = 0; q < t; q++)
                for (int k = 0; k < t; k++) result[h][q, k] = values[(h * t + q) * t + k];
        }
        return result;
    }
}
