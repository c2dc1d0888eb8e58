using Mnemo.Attribution;
using Mnemo.Models;
using Mnemo.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Tests.Attribution;

/// <summary>Attribution against finite differences, in double precision so that the differences are
/// exact to ~1e-9. Gradient × input of token i for output s is d/dα log p(s) when token i's embedding
/// is scaled by (1 + α), at α = 0; the gradient norm needs the gradient coordinate by coordinate.</summary>
public class InputAttributionTests
{
    private static readonly int[] Ids = [2, 5, 3, 7, 4, 9, 6, 2, 10, 8];
    private static readonly int[] Positions = Enumerable.Range(0, Ids.Length).ToArray();
    private static readonly int[] Outputs = [6, 7, 8, 9];

    private static TransformerLM DoubleModel(string scheme)
    {
        var model = TinyModels.Create(scheme);
        model.to(float64);
        model.eval();
        return model;
    }

    /// <summary>log p(ids[s] | tokens before s) with the embeddings replaced by <paramref name="embedded"/> (1, N, D).</summary>
    private static double LogProb(TransformerLM model, Tensor embedded, int s)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.ForwardEmbedded(embedded, tensor(Positions.Select(p => (long)p).ToArray(), [1, Positions.Length]));
        return nn.functional.log_softmax(logits, -1)[0, s - 1, Ids[s]].item<double>();
    }

    private static Tensor Embedded(TransformerLM model)
    {
        using var _ = no_grad();
        return model.Embed(tensor(Ids.Select(i => (long)i).ToArray(), [1, Ids.Length]), tensor(Positions.Select(p => (long)p).ToArray(), [1, Positions.Length]));
    }

    [Theory]
    [MemberData(nameof(TinyModels.Schemes), MemberType = typeof(TinyModels))]
    public void Gradient_times_input_equals_finite_differences(string scheme)
    {
        using var model = DoubleModel(scheme);
        var scores = new InputAttribution(model, new GradientTimesInput()).Compute(Ids, Positions, Outputs);
        using var embedded = Embedded(model);
        const double alpha = 1e-5;
        for (int j = 0; j < Outputs.Length; j++)
            for (int i = 0; i < Ids.Length; i++)
            {
                if (i >= Outputs[j])
                {
                    Assert.Equal(0.0, scores[i, j]); // the future cannot matter
                    continue;
                }
                using var up = embedded.clone();
                using var down = embedded.clone();
                using (no_grad())
                {
                    up[0, i].mul_(1 + alpha);
                    down[0, i].mul_(1 - alpha);
                }
                double expected = (LogProb(model, up, Outputs[j]) - LogProb(model, down, Outputs[j])) / (2 * alpha);
                Assert.True(Math.Abs(scores[i, j] - expected) <= 1e-9 + 1e-6 * Math.Abs(expected),
                    $"{scheme}: token {i}, output {Outputs[j]}: attribution {scores[i, j]:G9}, finite difference {expected:G9}");
            }
    }

    [Theory]
    [InlineData("learned")]
    [InlineData("rope")]
    public void Gradient_norm_equals_the_norm_of_the_finite_difference_gradient(string scheme)
    {
        using var model = DoubleModel(scheme);
        var scores = new InputAttribution(model, new GradientNorm()).Compute(Ids, Positions, Outputs);
        using var embedded = Embedded(model);
        const double h = 1e-6;
        foreach (var (i, j) in new[] { (0, 0), (5, 0), (8, 3) })
        {
            double squares = 0;
            for (int d = 0; d < embedded.shape[2]; d++)
            {
                using var up = embedded.clone();
                using var down = embedded.clone();
                using (no_grad())
                {
                    up[0, i, d].add_(h);
                    down[0, i, d].sub_(h);
                }
                double component = (LogProb(model, up, Outputs[j]) - LogProb(model, down, Outputs[j])) / (2 * h);
                squares += component * component;
            }
            double expected = Math.Sqrt(squares);
            Assert.True(Math.Abs(scores[i, j] - expected) <= 1e-8 + 1e-6 * expected,
                $"{scheme}: token {i}, output {Outputs[j]}: gradient norm {scores[i, j]:G9}, finite difference {expected:G9}");
        }
    }

    [Fact]
    public void Batching_the_outputs_does_not_change_the_scores()
    {
        using var model = TinyModels.Create("alibi");
        var all = new InputAttribution(model, new GradientTimesInput()).Compute(Ids, Positions, Outputs);
        var oneByOne = new InputAttribution(model, new GradientTimesInput(), tokensPerBatch: 1).Compute(Ids, Positions, Outputs);
        for (int i = 0; i < Ids.Length; i++)
            for (int j = 0; j < Outputs.Length; j++)
                Assert.Equal(all[i, j], oneByOne[i, j], 1e-6);
        Assert.Contains(Enumerable.Range(0, Ids.Length), i => Math.Abs(all[i, 0]) > 1e-6); // not trivially zero
    }
}
