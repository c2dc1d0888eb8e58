using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Models.Positions;

namespace Mnemo.Evaluation;

/// <summary>Accuracy per input length by real greedy decoding (with the KV cache and environment forcing).</summary>
public sealed class LengthEvaluator(TransformerLM model, ExampleSource source, PositionSampler positions, EvaluationConfig config)
{
    /// <summary>Throws a clear error when the model cannot represent a sequence of this length.</summary>
    public void CheckCapacity(int length)
    {
        source.Format.CheckLength(length);
        int extent = positions.Extent(EvaluationSet.LongestSequence(source, config, length));
        PositionCapacity.Require(model.PositionCapacity, extent, capacity =>
                $"evaluation.lengths: length {length} needs {extent} positions, but this model's {model.Config.Scheme} position table holds {capacity} (the longest length it can evaluate is shorter; train with a larger model.max_positions)");
    }

    public LengthResult Evaluate(int length)
    {
        CheckCapacity(length);
        var examples = EvaluationSet.Examples(source, config, length);
        var decoder = new GreedyDecoder(model);
        var rng = new Random(StableSeed.Of(config.Seed, length, 1));
        int correct = 0;
        long tokens = 0, tokensRight = 0;
        var firstErrors = new List<int>();
        for (int start = 0; start < examples.Count; start += config.BatchSize)
        {
            var chunk = examples.GetRange(start, Math.Min(config.BatchSize, examples.Count - start));
            var decoded = decoder.Decode(chunk, chunk.Select(e => positions.Sample(e.Length, rng, training: false)).ToList());
            for (int i = 0; i < chunk.Count; i++)
            {
                var (e, d) = (chunk[i], decoded[i]);
                if (d.Matches(e)) correct++;
                else firstErrors.Add(d.FirstError(e));
                for (int j = 0; j < e.Target.Length; j++)
                {
                    if (e.Forced[j]) continue;
                    tokens++;
                    if (j < d.Tokens.Length && d.Tokens[j] == e.Target[j]) tokensRight++;
                }
            }
        }
        return new LengthResult(length, (double)correct / examples.Count, examples.Count,
            tokens == 0 ? 1.0 : (double)tokensRight / tokens, firstErrors.Count == 0 ? double.NaN : firstErrors.Average());
    }
}
