using System.Runtime.InteropServices;

namespace Mnemo.Runtime;

/// <summary>
/// Transparent huge pages for libtorch's big blocks, through glibc's own switch
/// (<c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c>, glibc 2.35 and later): glibc then asks the kernel for huge
/// pages on the memory it maps, so a block that comes back from the kernel costs one fault per 2 MiB
/// instead of one per 4 KiB. With it glibc's default allocator (big blocks mapped per use and handed back)
/// trains as fast as the tuned one and resident memory stays flat (docs/performance.md "Memory").
/// glibc reads the switch once, at process start: <c>mnemo</c> relaunches itself with it
/// (<see cref="RelaunchTunables"/>).
/// </summary>
public static class HugePages
{
    public const string Tunable = "glibc.malloc.hugetlb=1";

    /// <summary>Set in the environment to keep mnemo from relaunching itself with the tunable.</summary>
    public const string OptOut = "MNEMO_NO_HUGE_PAGES";

    /// <summary>True when this process started with the tunable.</summary>
    public static bool Active => Tunables()?.Split(':').Contains(Tunable) == true;

    /// <summary>The GLIBC_TUNABLES value a relaunch should carry; null when a relaunch would not help (not
    /// Linux, glibc before 2.35, huge pages off in the kernel, already set, or opted out).</summary>
    public static string? RelaunchTunables()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOut) is not null) return null;
        if (WithTunable(Tunables()) is not { } tunables) return null; // already set, by a relaunch or by the user
        return KernelAllows(ReadOrNull("/sys/kernel/mm/transparent_hugepage/enabled")) && GlibcSupports(GlibcVersion()) ? tunables : null;
    }

    /// <summary>The tunables with the huge-page switch added; null when they already set it (to any value:
    /// a user's own choice stands).</summary>
    public static string? WithTunable(string? existing)
    {
        if (string.IsNullOrEmpty(existing)) return Tunable;
        return existing.Split(':').Any(t => t.StartsWith("glibc.malloc.hugetlb=", StringComparison.Ordinal)) ? null : $"{existing}:{Tunable}";
    }

    /// <summary>True when the kernel gives huge pages to memory that asks for them ("[always]" or "[madvise]").</summary>
    public static bool KernelAllows(string? thpSetting) =>
        thpSetting is not null && (thpSetting.Contains("[always]") || thpSetting.Contains("[madvise]"));

    /// <summary>True for glibc 2.35 or later, the first with the hugetlb tunable.</summary>
    public static bool GlibcSupports(string? version) =>
        Version.TryParse(version, out var v) && v >= new Version(2, 35);

    private static string? Tunables() => Environment.GetEnvironmentVariable("GLIBC_TUNABLES");

    private static string? ReadOrNull(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The running glibc's version ("2.36"); null where the C library is not glibc.</summary>
    public static string? GlibcVersion()
    {
        try { return Marshal.PtrToStringUTF8(gnu_get_libc_version()); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static extern IntPtr gnu_get_libc_version();
}
