using Mnemo.Models;
using Mnemo.Tokens;
using static TorchSharp.torch;

namespace Mnemo.Evaluation;

/// <summary>What the decoder produced for one example: the tokens before the end token, and whether
/// the end token came at all within the budget.</summary>
public sealed record Decoded(int[] Tokens, bool Ended)
{
    public bool Matches(EncodedExample example) => Ended && Tokens.AsSpan().SequenceEqual(example.Target);

    /// <summary>Index of the first target token the model got wrong (the target length when it failed
    /// only to stop), or -1 when it matches.</summary>
    public int FirstError(EncodedExample example)
    {
        int n = Math.Min(Tokens.Length, example.Target.Length);
        for (int i = 0; i < n; i++) if (Tokens[i] != example.Target[i]) return i;
        return Matches(example) ? -1 : n;
    }
}

/// <summary>Batched greedy decoding. Prompts are left-padded (positions start at 0 at each prompt's first
/// token). Target tokens marked forced are inserted by the environment instead of the model's choice.
/// With the key/value cache each step feeds one token per sequence; without it, each step re-runs the
/// whole sequence (the reference the cache must reproduce exactly).</summary>
public sealed class GreedyDecoder(TransformerLM model, bool useCache = true)
{
    /// <param name="positions">Per example, the position ids of prompt + target + end token.</param>
    public IReadOnlyList<Decoded> Decode(IReadOnlyList<EncodedExample> examples, IReadOnlyList<int[]> positions)
    {
        int b = examples.Count;
        int promptMax = examples.Max(e => e.Prompt.Length);
        int steps = examples.Max(e => e.Target.Length) + 1;
        var ids = new long[b, promptMax + steps];
        var pos = new long[b, promptMax + steps];
        var valid = new bool[b, promptMax + steps];
        for (int i = 0; i < b; i++)
        {
            int pad = promptMax - examples[i].Prompt.Length;
            for (int j = 0; j < promptMax + steps; j++)
            {
                int k = j - pad; // index within this example's own sequence
                if (k < 0) continue;
                valid[i, j] = true;
                pos[i, j] = positions[i][Math.Min(k, positions[i].Length - 1)];
                if (k < examples[i].Prompt.Length) ids[i, j] = examples[i].Prompt[k];
            }
        }

        var output = Enumerable.Range(0, b).Select(_ => new List<int>()).ToArray();
        var ended = new bool[b]; // produced the end token
        var done = new bool[b];  // ended, or out of budget: its target length + 1 tokens without ending
        var wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        using var cache = useCache ? new KvCache(model.Config.Layers, promptMax + steps) : null;
        using var allIds = tensor(ids);
        using var allPos = tensor(pos);
        using var allValid = tensor(valid);
        try
        {
            for (int step = 0; step < steps && !done.All(d => d); step++)
            {
                using var scope = NewDisposeScope();
                int end = promptMax + step; // tokens known so far
                int start = cache is null || step == 0 ? 0 : end - 1;
                var logits = model.Forward(
                    allIds[.., start..end], allPos[.., start..end], cache, allValid[.., start..end]);
                var next = logits[.., -1, ..].argmax(-1).data<long>().ToArray();
                var feed = new long[b];
                for (int i = 0; i < b; i++)
                {
                    var target = examples[i].Target;
                    int token = step < target.Length && examples[i].Forced[step] ? target[step] : (int)next[i];
                    if (!done[i])
                    {
                        if (token == examples[i].Eos) ended[i] = done[i] = true;
                        else output[i].Add(token);
                        done[i] |= output[i].Count > target.Length;
                    }
                    feed[i] = done[i] ? examples[i].Eos : token;
                }
                if (step + 1 < steps) allIds[.., end] = tensor(feed);
            }
        }
        finally { if (wasTraining) model.train(); }
        return output.Select((o, i) => new Decoded(o.ToArray(), ended[i])).ToList();
    }
}
