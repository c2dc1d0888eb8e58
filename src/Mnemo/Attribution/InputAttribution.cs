using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Attribution;

/// <summary>For each output token, the gradient of its log-probability with respect to every input
/// embedding (the output of <see cref="TransformerLM.Embed"/>: token embedding plus the position
/// embedding for learned and sinusoidal schemes, the token embedding alone for rope, alibi and none,
/// which act inside attention; after the embedding LayerNorm of models that have one, such as BLOOM),
/// reduced to one score per token by an <see cref="IAttributionMethod"/>.
/// Outputs are independent copies of the sequence in one batch, so one backward pass serves many.</summary>
/// <param name="tokensPerBatch">Tokens per batch (outputs × sequence length): bounds the memory of
/// the backward pass; the scores do not depend on it.</param>
public sealed class InputAttribution(TransformerLM model, IAttributionMethod method, int tokensPerBatch = 4096)
{

    /// <param name="ids">The whole sequence, outputs included.</param>
    /// <param name="positions">Its position ids.</param>
    /// <param name="outputs">Sequence indices (≥ 1) of the tokens to explain: token s is predicted from
    /// the logits at s − 1.</param>
    /// <returns>scores[i, j]: context token i for output j; exactly 0 where i ≥ outputs[j] (causal).</returns>
    public double[,] Compute(IReadOnlyList<int> ids, IReadOnlyList<int> positions, IReadOnlyList<int> outputs)
    {
        if (outputs.Any(s => s < 1 || s >= ids.Count)) throw new ArgumentOutOfRangeException(nameof(outputs));
        int n = ids.Count;
        var scores = new double[n, outputs.Count];
        using var mode = new EvalMode(model);
        using var scope = NewDisposeScope();
        var pos = SequenceTensor.Row(positions);
        Tensor embedded;
        using (no_grad()) embedded = model.Embed(SequenceTensor.Row(ids), pos); // (1, N, D), no history: the leaf
        int chunk = Math.Max(1, tokensPerBatch / n);
        for (int start = 0; start < outputs.Count; start += chunk)
        {
            using var step = NewDisposeScope();
            int c = Math.Min(chunk, outputs.Count - start);
            var x = embedded.repeat(c, 1, 1).requires_grad_(true);
            var logProbs = nn.functional.log_softmax(model.ForwardEmbedded(x, pos.repeat(c, 1)), -1); // (c, N, V)
            // copy b explains output start + b: its gradient is that of logProbs[b, s − 1, ids[s]] alone
            var pick = Selection(ids, outputs, start, c, logProbs.shape[^1]).to(logProbs.dtype);
            var gradient = autograd.grad([logProbs], [x], [pick])[0];
            var values = method.Score(gradient, embedded.expand(c, -1, -1)).to(float64).data<double>().ToArray();
            for (int b = 0; b < c; b++)
                for (int i = 0; i < n; i++) scores[i, start + b] = values[b * n + i];
        }
        return scores;
    }

    /// <summary>One-hot weights on the log-probability each copy explains: the backward pass's seed.</summary>
    private static Tensor Selection(IReadOnlyList<int> ids, IReadOnlyList<int> outputs, int start, int c, long vocab)
    {
        int n = ids.Count;
        var weights = new float[c * n * vocab];
        for (int b = 0; b < c; b++)
        {
            int s = outputs[start + b];
            weights[(b * n + s - 1) * vocab + ids[s]] = 1f;
        }
        return tensor(weights, [c, n, vocab]);
    }
}
