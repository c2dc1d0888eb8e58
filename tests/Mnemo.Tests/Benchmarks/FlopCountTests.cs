using Mnemo.Benchmarks;
using Mnemo.Models;

namespace Mnemo.Tests.Benchmarks;

public class FlopCountTests
{
    [Fact]
    public void Training_flops_per_token_match_a_hand_count()
    {
        // 1 layer, d = 4, MLP 8, vocabulary 10, 3 tokens:
        // weights multiplied per token: qkv 4·12 + output 4·4 + MLP 4·8 + 8·4 + head 4·10 = 48 + 16 + 32 + 32 + 40 = 168
        // attention forward per token: Q·Kᵀ 2·3·4 + weights·V 2·3·4 = 48
        // training: 3 × (2·168 + 48) = 1152
        Assert.Equal(168, FlopCount.MatmulParameters(1, 4, 8, 10));
        Assert.Equal(48, FlopCount.AttentionForwardPerToken(1, 4, 3));
        Assert.Equal(1152, FlopCount.TrainingPerToken(1, 4, 8, 10, 3));
    }

    [Fact]
    public void Matmul_parameters_are_the_linear_weights_plus_the_tied_head_of_a_real_model()
    {
        var size = BenchSize.Tiny;
        using var model = new TransformerLM(size.Model, BenchSize.Vocabulary, BenchSize.MaxPositions);
        long linearWeights = model.named_parameters()
            .Where(p => p.name.EndsWith("weight") && p.parameter.dim() == 2 && !p.name.Contains("positions"))
            .Sum(p => p.parameter.numel()); // includes the token table, which the tied head multiplies by
        Assert.Equal(linearWeights, FlopCount.MatmulParameters(size.Layers, size.DModel, size.MlpWidth, BenchSize.Vocabulary));
    }

    [Fact]
    public void The_short_convolution_counts_its_depthwise_weights_once_per_token()
    {
        var size = BenchSize.Paper;
        using var model = size.CreateModel(0);
        // every weight a token is multiplied by: the linear layers, the tied head (the token table) and the
        // convolution's (D, 1, K) kernels; not the SSMax/LogN scalars, norms or biases
        long weights = model.named_parameters()
            .Where(p => p.name.EndsWith("weight") && p.parameter.dim() >= 2)
            .Sum(p => p.parameter.numel());
        Assert.Equal(size.Layers * size.ShortConv * size.DModel, weights - FlopCount.MatmulParameters(size.Layers, size.DModel, size.MlpWidth, size.VocabSize));
        int t = size.SequenceFor(new BenchOptions());
        Assert.Equal(6 * weights + 3 * FlopCount.AttentionForwardPerToken(size.Layers, size.DModel, t), FlopCount.TrainingPerToken(size, t));
    }

    [Fact]
    public void A_square_matmul_is_two_flops_per_multiply_add() => Assert.Equal(2.0 * 8 * 8 * 8, FlopCount.Matmul(8, 8, 8));

    [Fact]
    public void The_sizes_are_the_issues()
    {
        Assert.Equal((2, 64), (BenchSize.Tiny.Layers, BenchSize.Tiny.DModel));
        Assert.Equal((4, 128, 4), (BenchSize.Small.Layers, BenchSize.Small.DModel, BenchSize.Small.Heads));
        Assert.Equal((4, 256, 4, 1024), (BenchSize.Base.Layers, BenchSize.Base.DModel, BenchSize.Base.Heads, BenchSize.Base.MlpWidth));
        Assert.Equal("learned", BenchSize.Base.Model.Scheme);
        Assert.Same(BenchSize.Small, BenchSize.Parse(" SMALL"));
        Assert.Contains("tiny, small, base", Assert.Throws<MnemoException>(() => BenchSize.Parse("huge")).Message);
    }
}
