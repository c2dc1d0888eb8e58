using Mnemo.Experiments;
using Mnemo.Models;
using Mnemo.Runtime;
using Mnemo.Tests.Training;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

/// <summary>model.attention_scaling: ssmax (Scalable-Softmax: softmax(s_h · log n · q·kᵀ/√d_h)) and logn
/// (LogN-Scaling: softmax(max(1, log n / log base) · q·kᵀ/√d_h)).</summary>
public class AttentionScalingTests
{
    private static TransformerLM Create(string scheme, int layers = 1, int vocab = 11,
        AttentionScaling scaling = AttentionScaling.Ssmax, int lognBase = 0) =>
        TorchRuntime.Seeded(2, () => new TransformerLM(
            new ModelConfig { Layers = layers, DModel = 16, Heads = 2, MlpWidth = 32, Scheme = scheme, AttentionScaling = scaling, LognBase = lognBase },
            vocab, 64));

    private static Tensor Parameter(TransformerLM model, string name) => model.named_parameters().Single(p => p.name == name).parameter;

    [Fact]
    public void Attention_weights_are_the_softmax_of_s_times_log_n_times_the_scaled_dot_products()
    {
        using var model = Create("none");
        model.eval();
        using var _ = no_grad();
        Parameter(model, "blocks.0.attention.ssmaxScale").copy_(tensor(new[] { 0.3f, 0.9f }));
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7 }).unsqueeze(0);
        var pos = arange(6, dtype: int64).unsqueeze(0);
        Tensor? recorded = null;
        model.Forward(ids, pos, recorder: (layer, w) => recorded = w.clone());

        var s = new[] { 0.3, 0.9 };
        // query i sees keys 0..i: n = i + 1
        Assert.True(recorded![0].allclose(ExpectedWeights(model, ids, pos, (h, n) => s[h] * Math.Log(n)), rtol: 0, atol: 1e-5));
        Assert.True(recorded[0, 0, 0, 0].item<float>() == 1f);                           // n = 1: all weight on itself
    }

    /// <summary>Layer 0's attention weights (H, T, T) of one unpadded sequence, written out from the layer's
    /// parameters (x = LN(embedding); q, k from qkv; scheme none), the logits of query i times factor(h, i + 1).</summary>
    private static Tensor ExpectedWeights(TransformerLM model, Tensor ids, Tensor pos, Func<int, int, double> factor)
    {
        long t = ids.shape[1];
        var x = nn.functional.layer_norm(model.Embed(ids, pos), [16],
            Parameter(model, "blocks.0.attentionNorm.weight"), Parameter(model, "blocks.0.attentionNorm.bias"));
        var qkv = x.matmul(Parameter(model, "blocks.0.attention.qkv.weight").t()) + Parameter(model, "blocks.0.attention.qkv.bias");
        var q = qkv[0, .., 0..16].view(t, 2, 8).transpose(0, 1);                         // (H, T, Dh)
        var k = qkv[0, .., 16..32].view(t, 2, 8).transpose(0, 1);
        var expected = zeros(2, t, t);
        for (int h = 0; h < 2; h++)
            for (int i = 0; i < t; i++)
            {
                var z = q[h, i].matmul(k[h, ..(i + 1)].t()) / Math.Sqrt(8) * factor(h, i + 1);
                expected[h, i, ..(i + 1)] = z.softmax(0);
            }
        return expected;
    }

    [Fact]
    public void Logn_scaling_leaves_attention_plain_up_to_the_base_and_multiplies_logits_by_log_n_over_log_base_beyond()
    {
        using var plain = Create("none", scaling: AttentionScaling.None);
        using var logn = Create("none", scaling: AttentionScaling.Logn, lognBase: 4);
        plain.eval();
        logn.eval();
        using var _ = no_grad();
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 2 }).unsqueeze(0);
        var pos = arange(10, dtype: int64).unsqueeze(0);
        Assert.True(plain.Forward(ids[.., ..4], pos[.., ..4]).allclose(logn.Forward(ids[.., ..4], pos[.., ..4]), rtol: 0, atol: 1e-6));
        Parameter(logn, "blocks.0.attention.qkv.weight").mul_(10);                        // logits large enough to matter
        Tensor? recorded = null;
        logn.Forward(ids, pos, recorder: (layer, w) => recorded = w.clone());
        var expected = ExpectedWeights(logn, ids, pos, (_, n) => Math.Max(1, Math.Log(n) / Math.Log(4)));
        Assert.True(recorded![0].allclose(expected, rtol: 0, atol: 1e-5));
        Assert.False(recorded[0].allclose(ExpectedWeights(logn, ids, pos, (_, _) => 1), rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Logn_needs_a_base_and_a_base_needs_logn()
    {
        var error = Assert.Throws<MnemoException>(() => new ModelConfig { AttentionScaling = AttentionScaling.Logn }.Validate());
        Assert.Equal("model.logn_base: attention_scaling logn needs the number of keys up to which attention stays plain (at least 2, usually the longest training sequence), got 0", error.Message);
        error = Assert.Throws<MnemoException>(() => new ModelConfig { LognBase = 40 }.Validate());
        Assert.Equal("model.logn_base: applies only to attention_scaling logn, got 40 with none", error.Message);
    }

    [Theory]
    [InlineData("rope", AttentionScaling.Ssmax)]
    [InlineData("alibi", AttentionScaling.Ssmax)]
    [InlineData("rope", AttentionScaling.Logn)]
    public void Cached_and_padded_decoding_count_only_real_keys(string scheme, AttentionScaling scaling)
    {
        // n is counted from the keys a query may see: with the KV cache and with left padding it must be
        // the n of the unpadded full forward, or decoding would depend on the batch an example is in
        var setup = new RunSetup(TrainingHarness.TinyParity("anchors", 1, scheme));
        using var model = Create(scheme, layers: 2, vocab: setup.Vocabulary.Count, scaling, lognBase: scaling == AttentionScaling.Logn ? 5 : 0);
        DecodingInvariance.Check(model, setup, atol: 1e-5);
    }

    [Fact]
    public void The_scale_starts_at_0_43_per_head_and_is_learned()
    {
        using var model = Create("rope");
        var s = Parameter(model, "blocks.0.attention.ssmaxScale");
        Assert.Equal(new[] { 0.43f, 0.43f }, s.data<float>().ToArray());
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 2, 3 }).unsqueeze(0);
        var logits = model.Forward(ids, arange(8, dtype: int64).unsqueeze(0));
        nn.functional.cross_entropy(logits[0, ..^1], ids[0, 1..]).backward();
        Assert.True(s.grad!.abs().min().item<float>() > 0);
    }
}
