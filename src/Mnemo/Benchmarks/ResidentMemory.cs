using System.Globalization;

namespace Mnemo.Benchmarks;

/// <summary>This process's resident memory, from /proc/self/status (Linux only; null elsewhere).</summary>
public static class ResidentMemory
{
    /// <summary>Current resident set (VmRSS), in MiB.</summary>
    public static double? CurrentMb() => Read("VmRSS:");

    /// <summary>Highest resident set since start or the last <see cref="ResetPeak"/> (VmHWM), in MiB.</summary>
    public static double? PeakMb() => Read("VmHWM:");

    /// <summary>Resets the peak to the current resident set (writing 5 to /proc/self/clear_refs, Linux
    /// 4.0+); false when the kernel refuses, and then the peak counts from the start of the process.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Parses a "Name:   1234 kB" line of a status file into MiB.</summary>
    public static double? Parse(string status, string field)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                return kb / 1024.0;
        }
        return null;
    }

    private static double? Read(string field)
    {
        try { return Parse(File.ReadAllText("/proc/self/status"), field); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
