using System.Diagnostics;
using Mnemo.Benchmarks;

namespace Mnemo.Tests.Benchmarks;

public sealed class ContentionBenchTests
{
    /// <summary>True while the process runs (a zombie, ended but not yet reaped, counts as gone).</summary>
    private static bool Running(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] is not ('Z' or 'X'); }
        catch (IOException) { return false; }
    }

    private static bool EndsWithin(int pid, TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        while (Running(pid))
        {
            if (clock.Elapsed > time) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>The busy loops this process started, found by the kernel's account (parent id and command line).</summary>
    private static List<int> BusyChildren() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)).Select(d => int.Parse(d!))
            .Where(pid =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    int parent = int.Parse(stat.Split(") ")[1].Split(' ')[1]);
                    return parent == Environment.ProcessId && File.ReadAllText($"/proc/{pid}/cmdline").Contains(BusyProcesses.Script) && Running(pid);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return false; }
            }).ToList();

    [Fact]
    public void Busy_processes_run_until_disposed()
    {
        if (!OperatingSystem.IsLinux()) return;
        List<int> ids;
        using (var busy = BusyProcesses.Start(2))
        {
            ids = [.. busy.Ids];
            Assert.Equal(2, ids.Count);
            Thread.Sleep(200);
            Assert.All(ids, id => Assert.True(Running(id), $"busy process {id} is not running"));
        }
        Assert.All(ids, id => Assert.False(Running(id), $"busy process {id} still runs after the benchmark"));
    }

    [Fact]
    public void A_failing_measurement_still_stops_the_busy_processes()
    {
        if (!OperatingSystem.IsLinux()) return;
        List<int> seen = [];
        int calls = 0;
        var e = Assert.Throws<InvalidOperationException>(() => ContentionBench.Run("tiny", busy: 2, threads: () => 1,
            measure: () =>
            {
                if (++calls == 1) return 100.0;
                seen.AddRange(BusyChildren());
                throw new InvalidOperationException("measurement failed");
            }, settle: TimeSpan.FromMilliseconds(100)));
        Assert.Equal("measurement failed", e.Message);
        Assert.Equal(2, seen.Count); // they were running during the second measurement
        Assert.All(seen, id => Assert.False(Running(id), $"busy process {id} outlived the failed benchmark"));
    }

    [Fact]
    public void A_busy_loop_ends_by_itself_when_the_process_that_started_it_dies()
    {
        if (!OperatingSystem.IsLinux()) return;
        // an intermediate shell starts the loop (as mnemo does) and exits at once, as a killed mnemo would
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("/bin/sh -c \"$0\" >/dev/null 2>&1 & echo $!; sleep 0.3");
        start.ArgumentList.Add(BusyProcesses.Script);
        using var outer = Process.Start(start)!;
        int loop = int.Parse(outer.StandardOutput.ReadLine()!);
        outer.WaitForExit();
        Assert.True(EndsWithin(loop, TimeSpan.FromSeconds(10)), $"busy loop {loop} still runs after its parent ended");
    }

    private static (int Exit, string Out, string Err) RunToEnd(ProcessStartInfo start)
    {
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        string errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result, errors);
    }

    [Fact]
    public void The_cores_counted_are_the_ones_the_process_may_use()
    {
        // Environment.ProcessorCount honours the affinity mask: mnemo pinned to one CPU counts one core
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset")) return;
        var start = new ProcessStartInfo("/usr/bin/taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "0", Path.Combine(AppContext.BaseDirectory, "mnemo"), "bench", "--contention", "1", "--sizes", "tiny", "--steps", "1", "--warmup", "0", "--json" })
            start.ArgumentList.Add(a);
        var (exit, output, errors) = RunToEnd(start);
        Assert.True(exit == 0, errors);
        var json = System.Text.Json.JsonDocument.Parse(output.Trim()).RootElement;
        Assert.Equal(1, json.GetProperty("cores").GetInt32());
        Assert.Equal((1, 1), (json.GetProperty("idle_threads").GetInt32(), json.GetProperty("busy_threads").GetInt32()));
    }

    [Fact]
    public void The_fair_share_is_idle_throughput_times_cores_over_cores_plus_busy()
    {
        var r = new ContentionResult("tiny", Cores: 2, Busy: 2, OtherLoadBefore: 0, IdleThreads: 2, IdleTokensPerS: 1000, BusyThreads: 1, BusyTokensPerS: 400);
        Assert.Equal(500, r.FairShare, 9);
        Assert.Equal(0.8, r.FairShareRatio, 9);
        Assert.Contains("\"fair_share_ratio\":0.8", r.ToJsonLine());
        Assert.Throws<MnemoException>(() => ContentionBench.Run("tiny", busy: 0, () => 1, () => 1, TimeSpan.Zero));
    }

    [Fact]
    public void The_quickstart_size_is_the_quickstart_model_as_it_trains()
    {
        var q = BenchSize.Parse("quickstart");
        Assert.Equal((2, 128, 4, 512), (q.Layers, q.DModel, q.Heads, q.MlpWidth));
        Assert.Equal("rope", q.Model.Scheme);
        var options = new BenchOptions();
        Assert.Equal(32, q.BatchFor(options));
        Assert.Equal(19, q.SequenceFor(options)); // the mean of 4..34 input tokens, the T of the FLOP count
        Assert.Equal(64, BenchSize.Tiny.BatchFor(options));
        Assert.Equal(128, BenchSize.Tiny.SequenceFor(options));
    }
}
