using Mnemo.Models;
using Mnemo.Runtime;
using Mnemo.Tokens;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

/// <summary>A right-padded batch's forward pass on its real tokens only: the same logits, loss and gradients as
/// the padded pass, for every scheme and block variant.</summary>
public class UnpaddingTests
{
    public UnpaddingTests() => TorchRuntime.SetThreads(1);

    [Fact]
    public void Real_tokens_are_taken_row_by_row_and_padding_comes_back_as_zeros()
    {
        using var u = Unpadding.Create([2, 3, 1], 3)!;
        Assert.Equal((3, 3, 6), (u.BatchSize, u.Length, u.Count));
        Assert.Equal(new long[] { 0, 1, 3, 4, 5, 6 }, u.Index.data<long>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 1, 2, 0 }, u.Offsets.data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 1, 1, 0 }, u.Reaches(1).data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 0 }, u.Reaches(2).data<float>().ToArray());
        var padded = arange(1, 10, dtype: int64).view(3, 3);                                // rows 1 2 3 / 4 5 6 / 7 8 9
        var real = u.Unpad(padded);
        Assert.Equal(new long[] { 1, 2, 4, 5, 6, 7 }, real.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 0, 4, 5, 6, 7, 0, 0 }, u.Pad(real).data<long>().ToArray());
        var wide = u.Pad(real.unsqueeze(-1).expand(6, 2).contiguous());                        // trailing dimensions carried
        Assert.Equal(new long[] { 3, 3, 2 }, wide.shape);
        Assert.Equal(new long[] { 6, 6 }, wide[1, 2].data<long>().ToArray());
    }

    [Fact]
    public void An_unpadded_batch_needs_none_and_a_row_longer_than_the_layout_is_refused()
    {
        Assert.Null(Unpadding.Create([4, 4], 4));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Unpadding.Create([2, 5], 4));
        Assert.Contains("5 is outside 1..4", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Unpadding.Create([0, 4], 4));
    }

    public static readonly TheoryData<string, string> Variants = new()
    {
        { "learned", "gpt" }, { "sinusoidal", "gpt" }, { "rope", "gpt" }, { "alibi", "gpt" }, { "none", "gpt" },
        { "rope", "conv" }, { "alibi", "conv" }, { "none", "conv" }, { "rope", "logn" }, { "rope", "ssmax" },
        { "rope", "llama" }, { "learned", "neox" },
    };

    private static TransformerLM Create(string scheme, string variant) => TorchRuntime.Seeded(3, () => new TransformerLM(new ModelConfig
    {
        Layers = 2, DModel = 16, Heads = 4, MlpWidth = 32, Scheme = scheme,
        ShortConv = variant is "conv" or "logn" or "ssmax" ? 3 : 0,
        AttentionScaling = variant switch { "logn" => AttentionScaling.Logn, "ssmax" => AttentionScaling.Ssmax, _ => AttentionScaling.None },
        LognBase = variant == "logn" ? 2 : 0,
        Llama = variant == "llama" ? new LlamaBlock(KvHeads: 2, HeadSize: 4, QkvBias: true, QkNorm: true) : null,
        ParallelResidual = variant == "neox", EmbeddingNorm = variant == "neox",
    }, vocabSize: 13, maxPositions: 40));

    /// <summary>Four examples of 3, 8, 5 and 6 input tokens (a one-token prompt, random targets, the end token),
    /// with randomized increasing positions: rows padded by 5, 0, 3 and 2.</summary>
    private static Batch PaddedBatch()
    {
        var rng = new Random(5);
        var examples = new[] { 3, 8, 5, 6 }
            .Select(n => new EncodedExample([rng.Next(2, 13)], Enumerable.Range(0, n - 1).Select(_ => rng.Next(2, 13)).ToArray(), new bool[n - 1]))
            .ToList();
        var positions = examples.Select(e => Enumerable.Range(0, e.Length).Select(i => 3 * i + rng.Next(3)).ToArray()).ToList();
        return new Batch(examples, positions);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_unpadded_pass_gives_the_padded_pass_logits_loss_and_gradients(string scheme, string variant)
    {
        using var model = Create(scheme, variant);
        using var batch = PaddedBatch();
        var u = batch.Unpadding!;
        Assert.Equal((4, 8, 22), (u.BatchSize, u.Length, u.Count));                        // 10 padding rows skipped

        var padded = model.Forward(batch.Ids, batch.Positions);                             // (B, T, V)
        var paddedLoss = nn.functional.cross_entropy(padded.reshape(-1, 13), batch.Labels.reshape(-1), ignore_index: Batch.Ignore);
        paddedLoss.backward();
        var expected = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();

        var real = TeacherForcedScore.Logits(model, batch);                                  // (N, V)
        Assert.Equal(new long[] { u.Count, 13 }, real.shape);
        Assert.True(real.allclose(u.Unpad(padded), rtol: 1e-5, atol: 1e-5));
        var some = model.ForwardUnpadded(batch.Ids, batch.Positions, u, outputs: tensor(new long[] { 20, 0, 7 }));
        Assert.True(some.allclose(real.index_select(0, tensor(new long[] { 20, 0, 7 })), rtol: 1e-5, atol: 1e-5));
        var loss = TeacherForcedScore.Loss(model, batch);                                    // the supervised tokens' outputs only
        Assert.Equal(paddedLoss.item<float>(), loss.item<float>(), 1e-5);
        loss.backward();
        foreach (var (grad, want) in model.parameters().Select(p => p.grad!).Zip(expected))
            Assert.True(grad.allclose(want, rtol: 1e-4, atol: 1e-6));
    }

    [Fact]
    public void A_padded_batch_lists_its_supervised_tokens_among_its_real_ones()
    {
        // A: prompt 5 6, target 7 8 (8 forced), end 1: inputs 5 6 7 8, supervised where 7 and the end are predicted
        // B: prompt 9, target 4, end 1: inputs 9 4 (padded by 2), both supervised; real tokens 0-3 are A's, 4-5 B's
        using var batch = new Batch(
            [new EncodedExample([5, 6], [7, 8], [false, true], Eos: 1), new EncodedExample([9], [4], [false], Eos: 1)],
            [[0, 1, 2, 3, 4], [0, 1, 2]]);
        Assert.Equal(new long[] { 1, 3, 4, 5 }, batch.Supervised!.data<long>().ToArray());
        Assert.Equal(new long[] { 7, 1, 4, 1 }, batch.SupervisedLabels!.data<long>().ToArray());
        using var full = new Batch([new EncodedExample([9], [4], [false], Eos: 1)], [[0, 1, 2]]);
        Assert.Null(full.Unpadding);
        Assert.Null(full.Supervised);
    }

    [Fact]
    public void Held_out_accuracy_is_the_same_from_the_unpadded_logits()
    {
        using var model = Create("rope", "conv");
        using var batch = PaddedBatch();
        using var _ = no_grad();
        var labels = batch.Labels.clone();
        // make the model right on row 1 only: its labels become the model's own argmax there
        var padded = model.Forward(batch.Ids, batch.Positions);
        var supervised = labels.ne(Batch.Ignore);
        labels[1] = padded[1].argmax(-1).where(supervised[1], labels[1]);
        batch.Labels.copy_(labels);
        var (exact, tokens) = TeacherForcedScore.Accuracy(TeacherForcedScore.Logits(model, batch), batch);
        Assert.Equal(0.25, exact, 1e-9);
        long rowOne = supervised[1].sum().item<long>(), all = supervised.sum().item<long>();
        long right = padded.argmax(-1).eq(labels).logical_and(supervised).sum().item<long>();
        Assert.Equal(right / (double)all, tokens, 1e-9);
        Assert.True(right >= rowOne);
    }
}
