using System.Globalization;

namespace Mnemo.Runtime;

/// <summary>How many threads of other processes compete for the cores right now: the kernel's count of
/// runnable threads (the fourth field of <c>/proc/loadavg</c>, "running/total"), averaged over a few
/// samples, less the one reading it. The load average itself lags by a minute: a machine that just got
/// busy still reads idle, one that just got free still reads busy.</summary>
public static class CpuLoad
{
    /// <summary>Mean runnable threads besides the caller over <paramref name="samples"/> readings
    /// <paramref name="interval"/> apart; 0 where <c>/proc/loadavg</c> cannot be read (not Linux).</summary>
    public static double OtherRunnable(int samples = 5, TimeSpan? interval = null)
    {
        double sum = 0;
        int read = 0;
        for (int i = 0; i < samples; i++)
        {
            if (i > 0) Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(100));
            string? text;
            try { text = File.ReadAllText("/proc/loadavg"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { text = null; }
            if (Running(text) is not { } running) continue;
            sum += Math.Max(0, running - 1); // the thread reading the file is running
            read++;
        }
        return read == 0 ? 0 : sum / read;
    }

    /// <summary>The running count of a <c>/proc/loadavg</c> line ("0.52 0.41 0.30 3/245 1234" → 3); null if unreadable.</summary>
    public static int? Running(string? loadavg)
    {
        var fields = loadavg?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not { Length: >= 4 }) return null;
        var slash = fields[3].IndexOf('/');
        return slash > 0 && int.TryParse(fields[3].AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>The one-minute load average (first field of <c>/proc/loadavg</c>); null where unreadable.</summary>
    public static double? OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
