namespace Mnemo.Data;

/// <summary>Seeds derived from several integers by a fixed mixing function (SplitMix64's finalizer), so
/// they are the same in every process, on every machine and .NET version. Not
/// <see cref="HashCode.Combine{T1, T2}"/>: that one is randomized per process.</summary>
public static class StableSeed
{
    public static int Of(int a, int b) => Finish(Mix(Mix(0x9E3779B97F4A7C15UL, a), b));

    public static int Of(int a, int b, int c) => Finish(Mix(Mix(Mix(0x9E3779B97F4A7C15UL, a), b), c));

    private static ulong Mix(ulong state, int value)
    {
        ulong z = state + 0x9E3779B97F4A7C15UL + (uint)value;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static int Finish(ulong z) => (int)(z >> 33); // 31 bits: a non-negative int
}
