using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Tests.Models;

public class KvCacheTests
{
    [Fact]
    public void Appended_keys_and_values_read_back_in_order_and_the_capacity_is_enforced()
    {
        using var cache = new KvCache(layers: 2, capacity: 5);
        var k1 = arange(2 * 3 * 3 * 4, dtype: float32).view(2, 3, 3, 4);             // (B, H, 3, Dh): a 3-token prompt
        var k2 = -arange(2 * 3 * 1 * 4, dtype: float32).view(2, 3, 1, 4) - 1;          // one decoded token
        cache.Append(1, k1, k1 * 10);
        var (keys, values) = cache.Append(1, k2, k2 * 10);
        Assert.Equal([2L, 3, 4, 4], keys.shape);
        Assert.True(keys.allclose(cat([k1, k2], 2), rtol: 0, atol: 0));
        Assert.True(values.allclose(cat([k1, k2], 2) * 10, rtol: 0, atol: 0));
        cache.Append(1, k2, k2);                                                         // 5 of 5
        var error = Assert.Throws<InvalidOperationException>(() => cache.Append(1, k2, k2));
        Assert.Equal("KvCache: 6 tokens in layer 1, but the cache holds 5", error.Message);
        var (other, _) = cache.Append(0, k2, k2);                                       // layers count separately
        Assert.Equal(1, other.shape[2]);
    }
}
