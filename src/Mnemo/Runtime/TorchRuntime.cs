using TorchSharp;

namespace Mnemo.Runtime;

/// <summary>Process-wide libtorch settings, and the check that the native library loads at all.</summary>
public static class TorchRuntime
{
    private static readonly Lock SeedLock = new();

    /// <summary>Loads libtorch by running one operation; on failure throws one clear line saying why.</summary>
    public static void EnsureLoaded()
    {
        try
        {
            using var t = torch.ones(1);
            using var sum = t.sum();
            _ = sum.item<float>();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            var root = e;
            while (root.InnerException is not null) root = root.InnerException;
            throw new MnemoException(
                "libtorch failed to load: " + root.Message.Split('\n')[0] +
                " — on Debian 12 the build marks libLibTorchSharp.so's GLIBCXX_3.4.32 need weak; rebuild with 'dotnet build' (see docs/torchsharp-on-debian.md), or install a libstdc++ that provides GLIBCXX_3.4.32 (GCC 13+)");
        }
    }

    /// <summary>Sets libtorch's intra-op threads (0 keeps its default).</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0) torch.set_num_threads(threads);
    }

    /// <summary>libtorch's intra-op threads set to <paramref name="threads"/> (0: left as they are) until
    /// disposed, then set back.</summary>
    public static IDisposable WithThreads(int threads)
    {
        int before = torch.get_num_threads();
        SetThreads(threads);
        return new Restore(() => SetThreads(before));
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>Runs <paramref name="create"/> right after seeding libtorch's global generator, under a
    /// lock, so that parallel trials still initialize their models deterministically.</summary>
    public static T Seeded<T>(int seed, Func<T> create)
    {
        lock (SeedLock)
        {
            torch.manual_seed(seed);
            return create();
        }
    }
}
