using System.Diagnostics;

namespace Mnemo.Benchmarks;

/// <summary>K processes that keep one core each busy, for measuring training beside other work
/// (<see cref="ContentionBench"/>). Each is a shell loop that spins for as long as the process that started
/// it lives: stopped by <see cref="Dispose"/>, and ending by itself within a moment when that process dies
/// any other way (kill -9 included), so the benchmark leaves no busy process behind.</summary>
public sealed class BusyProcesses : IDisposable
{
    /// <summary>The loop: <c>kill -0 $PPID</c> (a shell builtin, no fork) fails once the starting process is gone.</summary>
    public const string Script = "while kill -0 $PPID 2>/dev/null; do :; done";

    private readonly List<Process> processes = [];

    private BusyProcesses() { }

    /// <summary>The process ids of the running loops.</summary>
    public IReadOnlyList<int> Ids => processes.Select(p => p.Id).ToList();

    /// <summary>Starts <paramref name="count"/> loops; on any failure the ones already started are stopped.</summary>
    public static BusyProcesses Start(int count)
    {
        if (count < 0) throw new MnemoException(BenchOptions.Inputs.Contention, $"must be at least 0 busy processes, got {count}");
        var busy = new BusyProcesses();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add(Script);
                busy.processes.Add(Process.Start(start) ?? throw new MnemoException(BenchOptions.Inputs.Contention, $"/bin/sh did not start"));
            }
            return busy;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            busy.Dispose();
            throw new MnemoException(BenchOptions.Inputs.Contention, $"cannot start a busy process (/bin/sh): {e.Message}");
        }
        catch
        {
            busy.Dispose();
            throw;
        }
    }

    /// <summary>Kills every loop and waits for it to end.</summary>
    public void Dispose()
    {
        foreach (var p in processes)
        {
            try
            {
                if (!p.HasExited) p.Kill();
                p.WaitForExit();
            }
            catch (InvalidOperationException) { } // already gone
            p.Dispose();
        }
        processes.Clear();
    }
}
