using Mnemo.Models.Positions;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

public class PositionalSchemeTests
{
    [Fact]
    public void Sinusoidal_values_follow_the_closed_form()
    {
        using var scheme = new SinusoidalPositions(8);
        using var _ = no_grad();
        var pe = scheme.Embed(zeros(1, 3, 8), tensor(new long[] { 0, 1, 7 }).unsqueeze(0)); // zero tokens: the encodings alone
        foreach (var (p, row) in new[] { (0, 0), (1, 1), (7, 2) })
            for (int i = 0; i < 4; i++)
            {
                double angle = p / Math.Pow(10000, 2.0 * i / 8);
                Assert.Equal(Math.Sin(angle), pe[0, row, 2 * i].item<float>(), 5);
                Assert.Equal(Math.Cos(angle), pe[0, row, 2 * i + 1].item<float>(), 5);
            }
    }

    [Fact]
    public void Rope_scores_depend_only_on_the_distance()
    {
        using var rope = new RotaryEmbedding(headDim: 8, fraction: 1.0, rotaryBase: 10000);
        using var _ = no_grad();
        var (q, k) = Mnemo.Runtime.TorchRuntime.Seeded(3, () => (randn(1, 1, 1, 8), randn(1, 1, 1, 8)));
        float Score(long m, long n) => (rope.Rotate(q, tensor(new[] { m }).unsqueeze(0)) * rope.Rotate(k, tensor(new[] { n }).unsqueeze(0))).sum().item<float>();
        Assert.Equal(Score(7, 3), Score(107, 103), 4);
        Assert.Equal(Score(3, 3), (q * k).sum().item<float>(), 4);
        Assert.NotEqual(Score(7, 3), Score(8, 3), 3);
    }

    [Fact]
    public void Rope_with_a_fraction_leaves_the_other_dimensions_untouched()
    {
        using var rope = new RotaryEmbedding(headDim: 8, fraction: 0.5, rotaryBase: 10000);
        using var _ = no_grad();
        var x = arange(8, dtype: float32).view(1, 1, 1, 8) + 1;
        var rotated = rope.Rotate(x, tensor(new long[] { 5 }).unsqueeze(0));
        Assert.True(rotated[.., .., .., 4..].allclose(x[.., .., .., 4..], rtol: 0, atol: 0));
        // first pair (dims 0 and 2, angle 5·θ0 with θ0 = 1): (x0 cos − x2 sin, x2 cos + x0 sin)
        Assert.Equal(1 * Math.Cos(5) - 3 * Math.Sin(5), rotated[0, 0, 0, 0].item<float>(), 4);
        Assert.Equal(3 * Math.Cos(5) + 1 * Math.Sin(5), rotated[0, 0, 0, 2].item<float>(), 4);
    }

    [Theory]
    [InlineData(8, new[] { 1 / 2.0, 1 / 4.0, 1 / 8.0, 1 / 16.0, 1 / 32.0, 1 / 64.0, 1 / 128.0, 1 / 256.0 })]
    [InlineData(12, new[] { 1 / 2.0, 1 / 4.0, 1 / 8.0, 1 / 16.0, 1 / 32.0, 1 / 64.0, 1 / 128.0, 1 / 256.0,
        0.7071067811865476, 0.3535533905932738, 0.1767766952966369, 0.0883883476483184 })]
    public void Alibi_slopes_match_the_published_rule(int heads, double[] expected)
    {
        var slopes = AlibiBias.Slopes(heads);
        Assert.Equal(expected.Length, slopes.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], slopes[i], 6);
    }

    [Fact]
    public void Alibi_slopes_for_16_heads_are_powers_of_two_to_the_minus_half_step()
    {
        var slopes = AlibiBias.Slopes(16);
        for (int i = 0; i < 16; i++) Assert.Equal(Math.Pow(2, -0.5 * (i + 1)), slopes[i], 6);
    }

    [Fact]
    public void Alibi_bias_for_three_positions_written_out()
    {
        using var alibi = new AlibiBias(2); // slopes 1/16 and 1/256
        using var _ = no_grad();
        var p = tensor(new long[] { 0, 1, 2 }).unsqueeze(0);
        var bias = alibi.Bias(p, p)!;
        float[] head0 = [0, 1, 2, -1, 0, 1, -2, -1, 0];
        var expected = tensor(head0).view(3, 3) * (1 / 16f); // −m·(i − j) = m·(j − i)
        Assert.True(bias[0, 0].allclose(expected, atol: 1e-7));
        Assert.True(bias[0, 1].allclose(expected / 16, atol: 1e-7));
    }
}
