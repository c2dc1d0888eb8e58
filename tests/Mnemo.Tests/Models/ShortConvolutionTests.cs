using Mnemo.Experiments;
using Mnemo.Models;
using Mnemo.Pretrained;
using Mnemo.Runtime;
using Mnemo.Tests.Pretrained;
using Mnemo.Tests.Training;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

/// <summary>model.short_conv: y_t = x_t + Σ_j w_j ⊙ x_{t−j} over token order, before every attention layer.</summary>
public class ShortConvolutionTests
{
    public ShortConvolutionTests() => TorchRuntime.SetThreads(1);               // small tensors: one thread is fastest, also under load

    private static TransformerLM Create(string scheme, int shortConv, int layers = 1, int vocab = 11, int dModel = 16) =>
        TorchRuntime.Seeded(2, () => new TransformerLM(
            new ModelConfig { Layers = layers, DModel = dModel, Heads = 2, MlpWidth = 2 * dModel, Scheme = scheme, ShortConv = shortConv },
            vocab, 64));

    [Fact]
    public void Each_channel_adds_its_weighted_previous_tokens_and_nothing_before_the_first()
    {
        using var conv = new ShortConvolution(dModel: 2, kernel: 3, layer: 0);
        using var _ = no_grad();
        // weight[c, 0, k] multiplies x_{t−(2−k)}: channel 0 reads (t−2, t−1, t) with (1, 10, 100), channel 1 with (−1, 0, 0.5)
        conv.parameters().Single().copy_(tensor(new float[] { 1, 10, 100, -1, 0, 0.5f }).view(2, 1, 3));
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }).view(1, 4, 2);        // x_t = (2t+1, 2t+2)
        var y = conv.Forward(x, valid: null, cache: null);
        var expected = tensor(new float[]
        {
            1 + 100 * 1, 2 + 0.5f * 2,                                               // t=0: no earlier tokens
            3 + 100 * 3 + 10 * 1, 4 + 0.5f * 4,                                      // t=1
            5 + 100 * 5 + 10 * 3 + 1 * 1, 6 + 0.5f * 6 - 1 * 2,                      // t=2
            7 + 100 * 7 + 10 * 5 + 1 * 3, 8 + 0.5f * 8 - 1 * 4,                      // t=3
        }).view(1, 4, 2);
        Assert.True(y.allclose(expected, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void The_weights_are_initialized_like_the_other_matrices_and_learned()
    {
        using var model = Create("rope", shortConv: 4);
        var weight = model.named_parameters().Single(p => p.name == "blocks.0.shortConv.weight").parameter;
        Assert.Equal(new long[] { 16, 1, 4 }, weight.shape);
        Assert.InRange(weight.std().item<float>(), 0.012f, 0.028f);                  // N(0, 0.02)
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 2, 3 }).unsqueeze(0);
        var logits = model.Forward(ids, arange(8, dtype: int64).unsqueeze(0));
        nn.functional.cross_entropy(logits[0, ..^1], ids[0, 1..]).backward();
        Assert.True(weight.grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData("rope")]
    [InlineData("alibi")]
    [InlineData("none")]
    public void Cached_padded_and_batched_decoding_equal_the_unpadded_full_forward(string scheme)
    {
        // the convolution reaches back over token order: padding must not leak into the first real tokens, and
        // the cache must carry the last inputs over, or decoding would depend on the batch an example is in
        var setup = new RunSetup(TrainingHarness.TinyParity("anchors", 1, scheme));
        using var model = Create(scheme, shortConv: 4, layers: 2, vocab: setup.Vocabulary.Count);
        using (no_grad())
            foreach (var p in model.parameters()) p.mul_(4);                            // outputs far from uniform
        DecodingInvariance.Check(model, setup, atol: 1e-4);
    }

    [Fact]
    public void A_position_free_model_learns_to_repeat_the_token_two_back_only_with_it()
    {
        // the target at t is the token at t − 2: a model without positions (scheme none) cannot tell which earlier
        // token that is; the short convolution reads it by order
        static double Accuracy(int shortConv)
        {
            using var model = Create("none", shortConv, layers: 1, vocab: 8, dModel: 16);
            var optimizer = optim.AdamW(model.parameters(), lr: 0.02);
            var generator = new Generator().manual_seed(7);
            var pos = arange(12, dtype: int64).expand(16, -1);
            double accuracy = 0;
            for (int step = 0; step < 100; step++)
            {
                using var scope = NewDisposeScope();
                var ids = randint(8, [16, 12], dtype: int64, generator: generator);
                var logits = model.Forward(ids, pos)[.., 2..];                              // predict x_{t−2} at t ≥ 2
                var loss = nn.functional.cross_entropy(logits.reshape(-1, 8), ids[.., ..^2].reshape(-1));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                accuracy = logits.argmax(-1).eq(ids[.., ..^2]).to(float32).mean().item<float>();
            }
            return accuracy;
        }
        Assert.True(Accuracy(3) > 0.95);
        Assert.True(Accuracy(0) < 0.5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-2)]
    [InlineData(17)]
    public void Widths_other_than_0_or_2_to_16_are_refused(int width)
    {
        var error = Assert.Throws<MnemoException>(() => new ModelConfig { ShortConv = width }.Validate());
        Assert.Equal($"model.short_conv: must be 0 (none) or a kernel width from 2 to 16, got {width}", error.Message);
    }

    [Fact]
    public void A_pretrained_checkpoint_keeps_its_architecture()
    {
        var dir = Directory.CreateTempSubdirectory("mnemo-sc").FullName;
        try
        {
            var checkpoint = HfCheckpoint.Open(TinyCheckpoints.Write(Path.Combine(dir, "gpt2"), "gpt2"));
            var error = Assert.Throws<MnemoException>(() => checkpoint.Resolve(new ModelConfig { ShortConv = 4 }));
            Assert.Equal("model.short_conv: 4 adds weights (a convolution kernel per layer) that a gpt2 checkpoint has no place for, so a --save-hf export would drop them; a pretrained model keeps its architecture (0)", error.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Left_out_of_config_json_at_its_default()
    {
        Assert.DoesNotContain("short_conv", System.Text.Json.JsonSerializer.Serialize(new ModelConfig(), ConfigFiles.Json));
        Assert.Contains("\"short_conv\": 4", System.Text.Json.JsonSerializer.Serialize(new ModelConfig { ShortConv = 4 }, ConfigFiles.Json));
    }
}
