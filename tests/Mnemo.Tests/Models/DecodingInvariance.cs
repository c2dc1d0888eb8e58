using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

/// <summary>A model must decode an example the same whatever else is in its batch and whether or not it uses
/// the KV cache: anything that reads other tokens (attention scaling by the key count, a convolution over
/// token order) must count only real tokens and carry its state through the cache.</summary>
public static class DecodingInvariance
{
    /// <summary>Greedy decoding of four parity examples alone, batched (left-padded), cached and uncached gives the
    /// same tokens; the logits of a left-padded prompt (padding ids that are real tokens) and of token-by-token
    /// cached steps equal the unpadded full forward within <paramref name="atol"/>.</summary>
    public static void Check(TransformerLM model, RunSetup setup, double atol)
    {
        model.eval();
        var rng = new Random(3);
        var examples = new[] { 2, 7, 3, 5 }.Select(n => setup.Source.Draw(rng, n)).ToList();
        var positions = examples.Select(e => Enumerable.Range(0, e.Length).ToArray()).ToList();
        var cached = new GreedyDecoder(model, useCache: true).Decode(examples, positions);
        var uncached = new GreedyDecoder(model, useCache: false).Decode(examples, positions);
        for (int i = 0; i < examples.Count; i++)
        {
            var alone = new GreedyDecoder(model, useCache: true).Decode([examples[i]], [positions[i]]);
            Assert.Equal(alone[0].Tokens, cached[i].Tokens);
            Assert.Equal(uncached[i].Tokens, cached[i].Tokens);
        }
        using var _ = no_grad();
        var ids = tensor(examples[1].Prompt.Select(t => (long)t).ToArray()).unsqueeze(0);
        var pos = arange(ids.shape[1], dtype: int64).unsqueeze(0);
        var padded = cat([full(1, 3, 5L, dtype: int64), ids], 1);
        var paddedPos = cat([zeros(1, 3, dtype: int64), pos], 1);
        var valid = cat([zeros(1, 3, dtype: ScalarType.Bool), ones(1, ids.shape[1], dtype: ScalarType.Bool)], 1);
        var whole = model.Forward(ids, pos);
        Assert.True(whole.allclose(model.Forward(padded, paddedPos, valid: valid)[.., 3..], rtol: 0, atol: atol));
        using var cache = new KvCache(model.Config.Layers, (int)ids.shape[1]);
        for (int t = 0; t < ids.shape[1]; t++)
            Assert.True(whole[.., t..(t + 1)].allclose(
                model.Forward(ids[.., t..(t + 1)], pos[.., t..(t + 1)], cache, valid: ones(1, 1, dtype: ScalarType.Bool)), rtol: 0, atol: atol));
    }
}
