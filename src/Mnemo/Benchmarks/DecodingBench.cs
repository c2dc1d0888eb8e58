using System.Diagnostics;
using Mnemo.Evaluation;
using Mnemo.Models;
using Mnemo.Tokens;

namespace Mnemo.Benchmarks;

/// <summary>Batched greedy decoding through <see cref="GreedyDecoder"/>, with and without the key/value
/// cache. Each sequence is a one-token prompt followed by length − 1 target tokens, all forced (the
/// decoder still runs the model and takes the argmax at every step, but a random model can neither stop
/// early nor end on the end token), so every sequence takes exactly `length` decoding steps.</summary>
public static class DecodingBench
{
    /// <summary>Decoded tokens per second: batch × length over the wall time of one decode.</summary>
    public static double TokensPerSecond(TransformerLM model, int batch, int length, bool useCache, int seed = 0)
    {
        var (examples, positions) = Sequences(batch, length, model.VocabSize, seed);
        var decoder = new GreedyDecoder(model, useCache);
        var clock = Stopwatch.StartNew();
        decoder.Decode(examples, positions);
        return (double)batch * length / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The decoding inputs: prompts of one token, fully forced targets of length − 1 tokens
    /// (never the end token), positions 0, 1, 2, ….</summary>
    public static (List<EncodedExample> Examples, List<int[]> Positions) Sequences(int batch, int length, int vocab, int seed)
    {
        var rng = new Random(seed);
        var examples = new List<EncodedExample>(batch);
        for (int i = 0; i < batch; i++)
        {
            var target = new int[length - 1];
            for (int j = 0; j < target.Length; j++) target[j] = rng.Next(2, vocab);
            examples.Add(new EncodedExample([rng.Next(2, vocab)], target, Enumerable.Repeat(true, target.Length).ToArray()));
        }
        var positions = examples.Select(e => Enumerable.Range(0, e.Length).ToArray()).ToList();
        return (examples, positions);
    }
}
