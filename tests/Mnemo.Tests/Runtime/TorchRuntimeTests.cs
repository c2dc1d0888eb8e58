using Mnemo.Runtime;
using static TorchSharp.torch;

namespace Mnemo.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_multiplies_matrices()
    {
        TorchRuntime.EnsureLoaded();
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var c = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Seeded_creation_is_deterministic()
    {
        using var a = TorchRuntime.Seeded(5, () => randn(4));
        using var b = TorchRuntime.Seeded(5, () => randn(4));
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
    }
}
