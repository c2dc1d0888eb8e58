using System.Globalization;

namespace Mnemo.Runtime;

/// <summary>How much memory this process may use at most: the machine's RAM (<c>/proc/meminfo</c>
/// MemTotal), or the cgroup's limit (<c>memory.max</c>, e.g. a Slurm allocation or a container) when
/// that is lower. Null where neither can be read (the size checks then pass).</summary>
public static class MachineMemory
{
    public static long? Bytes { get; } = Read();

    private static long? Read()
    {
        long? total = null;
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kb, "kB"] && long.TryParse(kb, CultureInfo.InvariantCulture, out var k))
                total = k * 1024;
            if (File.Exists("/sys/fs/cgroup/memory.max")
                && long.TryParse(File.ReadAllText("/sys/fs/cgroup/memory.max").Trim(), CultureInfo.InvariantCulture, out var limit) && limit > 0)
                total = total is { } t ? Math.Min(t, limit) : limit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return total;
    }

    /// <summary>A byte count for people: "1.5 GB", "250 TB".</summary>
    public static string Format(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
        int unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1) { bytes /= 1000; unit++; }
        return unit == 0 ? $"{bytes:0} bytes" : string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[unit]}");
    }
}
