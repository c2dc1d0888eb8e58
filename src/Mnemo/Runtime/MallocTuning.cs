using System.Runtime.InteropServices;

namespace Mnemo.Runtime;

/// <summary>
/// Keeps glibc from handing freed memory back to the kernel between training steps.
/// <para>libtorch allocates every activation and gradient with malloc. By default glibc returns large
/// freed blocks to the kernel (munmap, heap trimming), so the next step touches fresh pages and pays a
/// page fault per 4 KiB: measured here, ~22,000 minor faults and ~150 ms of system time per backward pass
/// of the <c>tiny</c> model (more than the backward's own arithmetic). Serving every block from the heap
/// (no mmap: raising the mmap threshold is not enough, glibc caps it at 32 MiB and the <c>base</c> MLP
/// activations are exactly 32 MiB) and never trimming the heap makes freed blocks stay for the next step
/// to reuse. Resident memory then sits at the high-water mark of one step instead of going up and down.</para>
/// <para>Process-wide and irreversible; a no-op where the C library is not glibc.</para>
/// </summary>
public static class MallocTuning
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapMax = -4;       // M_MMAP_MAX

    private static readonly Lock Gate = new();
    private static bool applied;

    /// <summary>Applies the settings once; true when glibc accepted both.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        lock (Gate)
        {
            if (applied) return true;
            try
            {
                applied = mallopt(MmapMax, 0) == 1 && mallopt(TrimThreshold, int.MaxValue) == 1;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                applied = false;
            }
            return applied;
        }
    }

    /// <summary>What <see cref="Apply"/> accepts: "auto" (what training uses), "tuned" (<see cref="KeepFreedMemory"/>)
    /// and "default" (glibc's own allocator).</summary>
    public static readonly string[] Choices = ["auto", "tuned", "default"];

    /// <summary>The allocator choice, as errors name it.</summary>
    public static readonly InputName Input = new("malloc");

    /// <summary>Puts the chosen allocator in place and says which one is in effect: "huge-pages" (glibc's own
    /// with <see cref="HugePages"/>), "tuned" or "default". "auto" is glibc's own allocator when the process
    /// started with huge pages (as fast, and freed memory goes back to the kernel), else the tuned one.</summary>
    public static string Apply(string choice) => choice switch
    {
        "auto" => HugePages.Active ? "huge-pages" : Apply("tuned"),
        "tuned" => KeepFreedMemory() ? "tuned" : Apply("default"),
        "default" => Volatile.Read(ref applied) ? "tuned" : HugePages.Active ? "huge-pages" : "default", // tuning cannot be undone
        _ => throw new MnemoException(Input, $"must be one of {string.Join(", ", Choices)}, got '{choice}'"),
    };

    /// <summary>The allocator for training (<see cref="Apply"/> "auto").</summary>
    public static string ForTraining() => Apply("auto");

    /// <summary>Hands the free pages of every heap back to the kernel (glibc malloc_trim); false where unavailable.</summary>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            malloc_trim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
