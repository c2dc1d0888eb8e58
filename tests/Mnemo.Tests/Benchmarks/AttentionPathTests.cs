using Mnemo.Tests.Models;
using static TorchSharp.torch;

namespace Mnemo.Tests.Benchmarks;

/// <summary>The fused attention (taken for speed when no one records weights) and the explicit one
/// (taken when a recorder is attached) must compute the same function, for every scheme, with padding,
/// and for the gradients that training follows.</summary>
public class AttentionPathTests
{
    [Theory]
    [MemberData(nameof(TinyModels.Schemes), MemberType = typeof(TinyModels))]
    public void Fused_and_explicit_attention_give_the_same_logits_on_real_tokens(string scheme)
    {
        using var model = TinyModels.Create(scheme);
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[] { 0, 0, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3 }, [2, 6]);
        var pos = tensor(new long[] { 0, 0, 0, 1, 2, 3, 3, 5, 8, 9, 12, 20 }, [2, 6]);
        var valid = tensor(new[] { false, false, true, true, true, true, true, true, true, true, true, true }, [2, 6]);
        var fused = model.Forward(ids, pos, valid: valid);
        var explicitly = model.Forward(ids, pos, valid: valid, recorder: (_, _) => { });
        // left padding (the first two tokens of row 0) is no real token: only real ones must agree
        Assert.True(fused[0, 2..].allclose(explicitly[0, 2..], rtol: 0, atol: 1e-5));
        Assert.True(fused[1].allclose(explicitly[1], rtol: 0, atol: 1e-5));
        Assert.False(fused.isnan().any().item<bool>());
    }

    [Theory]
    [MemberData(nameof(TinyModels.Schemes), MemberType = typeof(TinyModels))]
    public void Fused_and_explicit_attention_give_the_same_gradients(string scheme)
    {
        using var model = TinyModels.Create(scheme);
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 }, [2, 6]);
        var pos = arange(6, dtype: int64).unsqueeze(0).expand(2, 6);
        Tensor[] Gradients(Action<int, Tensor>? recorder)
        {
            model.zero_grad();
            model.Forward(ids, pos, recorder: recorder).logsumexp(-1).sum().backward();
            return model.parameters().Select(p => p.grad!.clone()).ToArray();
        }
        var fused = Gradients(null);
        var explicitly = Gradients((_, _) => { });
        Assert.All(fused.Zip(explicitly), g => Assert.True(g.First.allclose(g.Second, rtol: 1e-4, atol: 1e-6)));
    }
}
