using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

public class TransformerTests
{
    [Theory]
    [MemberData(nameof(TinyModels.Schemes), MemberType = typeof(TinyModels))]
    public void Changing_a_future_token_never_changes_earlier_logits(string scheme)
    {
        using var model = TinyModels.Create(scheme);
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 8, 9 }).unsqueeze(0);
        var changed = ids.clone();
        changed[0, 5] = tensor(10L);
        var pos = arange(8, dtype: int64).unsqueeze(0);
        var a = model.Forward(ids, pos);
        var b = model.Forward(changed, pos);
        Assert.True(a[.., ..5].allclose(b[.., ..5], rtol: 0, atol: 1e-6));
        Assert.False(a[.., 5..].allclose(b[.., 5..], rtol: 0, atol: 1e-4)); // the change is seen from there on
    }

    [Theory]
    [MemberData(nameof(TinyModels.Schemes), MemberType = typeof(TinyModels))]
    public void Incremental_forward_with_the_cache_equals_the_full_forward(string scheme)
    {
        using var model = TinyModels.Create(scheme);
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 }, [2, 6]);
        var pos = tensor(new long[] { 0, 1, 2, 3, 4, 5, 3, 5, 8, 9, 12, 20 }, [2, 6]);
        var full = model.Forward(ids, pos);
        using var cache = new Mnemo.Models.KvCache(model.Config.Layers, 6);
        var prefix = model.Forward(ids[.., ..3], pos[.., ..3], cache);
        var steps = new List<Tensor> { prefix };
        for (int t = 3; t < 6; t++) steps.Add(model.Forward(ids[.., t..(t + 1)], pos[.., t..(t + 1)], cache));
        Assert.True(full.allclose(cat(steps, 1), rtol: 0, atol: 1e-5));
    }

    [Theory]
    [MemberData(nameof(TinyModels.SchemesWithoutBias), MemberType = typeof(TinyModels))]
    public void Unpadded_batches_take_the_mask_free_causal_path_with_the_same_logits(string scheme)
    {
        using var model = TinyModels.Create(scheme);
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[] { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 }, [2, 6]);
        var pos = tensor(new long[] { 0, 1, 2, 3, 4, 5, 3, 5, 8, 9, 12, 20 }, [2, 6]);
        var causalOnly = model.Forward(ids, pos);                                   // is_causal, no mask
        var masked = model.Forward(ids, pos, valid: ones(2, 6, dtype: ScalarType.Bool)); // the explicit mask
        Assert.True(causalOnly.allclose(masked, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Tied_embeddings_share_the_output_matrix()
    {
        using var model = TinyModels.Create("learned");
        Assert.DoesNotContain(model.named_parameters(), p => p.name.StartsWith("head"));
        Assert.Equal(11 * 32 + 64 * 32, model.named_parameters().Where(p => p.name.StartsWith("tokens") || p.name.StartsWith("positions")).Sum(p => p.parameter.numel()));
    }
}
