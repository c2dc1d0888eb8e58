using Mnemo.Models;
using Mnemo.Runtime;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

public class NoPositionsTests
{
    private static TransformerLM OneLayer(string scheme) =>
        TorchRuntime.Seeded(4, () => new TransformerLM(new ModelConfig { Layers = 1, DModel = 32, Heads = 4, MlpWidth = 64, Scheme = scheme }, 12, 16));

    /// <summary>With one layer and no positions, the last token sees its prefix as a set (attention is a
    /// weighted sum over keys): permuting the earlier tokens changes nothing. Learned positions do notice.</summary>
    [Theory]
    [InlineData("none", true)]
    [InlineData("learned", false)]
    public void Permuting_earlier_tokens_changes_the_last_output_only_with_positions(string scheme, bool invariant)
    {
        using var model = OneLayer(scheme);
        model.eval();
        using var _ = no_grad();
        var pos = arange(6, dtype: int64).unsqueeze(0);
        var a = model.Forward(tensor(new long[] { 2, 3, 4, 5, 6, 7 }).unsqueeze(0), pos)[0, -1];
        var b = model.Forward(tensor(new long[] { 5, 2, 6, 4, 3, 7 }).unsqueeze(0), pos)[0, -1];
        Assert.Equal(invariant, a.allclose(b, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Without_positions_the_prefix_mean_decides_the_first_layer()
    {
        // a repeated token with no positions: every position sees the same set of values, so all outputs agree
        using var model = OneLayer("none");
        model.eval();
        using var _ = no_grad();
        var logits = model.Forward(full(1, 5, 3L), arange(5, dtype: int64).unsqueeze(0))[0];
        for (int t = 1; t < 5; t++) Assert.True(logits[t].allclose(logits[0], rtol: 0, atol: 1e-5));
    }
}
