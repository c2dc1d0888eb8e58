using System.Diagnostics;
using Mnemo.Experiments;

namespace Mnemo.Tests.Reliability;

/// <summary>kill -9 of a parallel sweep: its trial processes die with it (they asked Linux for SIGKILL when
/// their parent ends), their run folders are free at once, and the sweep's status says so.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class OrphanTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-orphan").FullName;

    public void Dispose() => Directory.Delete(root, true);

    /// <summary>Process ids whose parent is <paramref name="parent"/>, from /proc.</summary>
    private static List<int> Children(int parent) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!))
            .Where(pid =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    // pid (comm) state ppid …: the command name may hold spaces, so read after its closing parenthesis
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    return fields[0] != "Z" && int.Parse(fields[1]) == parent;
                }
                catch (IOException) { return false; }
            }).ToList();

    /// <summary>Whether any thread of <paramref name="pid"/> still runs. The leader alone is not enough: on SIGKILL
    /// it can turn zombie while libtorch's and the runtime's threads are still exiting, and the process's files (the
    /// run folder's lock) close only when the last of them is gone.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task").Any(task =>
            {
                try { return !File.ReadAllText(Path.Combine(task, "stat")).Split(") ")[1].StartsWith('Z'); }
                catch (IOException) { return false; } // this thread is gone
            });
        }
        catch (IOException) { return false; } // the process is gone
    }

    [Fact]
    public void Killing_a_parallel_sweep_kills_its_trial_processes_and_frees_their_folders()
    {
        var (yaml, dir, folders) = ReliabilityKit.EndlessParallelSweep(root);
        using var sweep = Process.Start(ReliabilityKit.MnemoProcess("sweep", yaml, "--out", dir, "--parallel", "2"))!;
        _ = sweep.StandardOutput.ReadToEndAsync();
        _ = sweep.StandardError.ReadToEndAsync();
        var children = new List<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        // both trials training: two children, each holding its run folder
        while (!(children.Count == 2 && folders.All(f => f.IsBusy)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the trial processes did not start within 90 s");
            Assert.False(sweep.HasExited, "the sweep ended early");
            Thread.Sleep(200);
            children = Children(sweep.Id);
        }

        sweep.Kill(); // SIGKILL: no handler of the sweep runs
        sweep.WaitForExit();

        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (children.Any(Alive))
        {
            if (DateTime.UtcNow > deadline)
            {
                var orphans = children.Where(Alive).ToList();
                foreach (var pid in orphans) Process.GetProcessById(pid).Kill(); // the test leaves nothing behind
                Assert.Fail($"trial processes {string.Join(", ", orphans)} outlived their sweep");
            }
            Thread.Sleep(100);
        }
        foreach (var folder in folders)
        {
            Assert.False(folder.IsBusy);
            using (folder.Lock()) { } // a rerun can take it
        }
        var status = ReliabilityKit.Process(root, "sweep", yaml, "--out", dir, "--status");
        Assert.Equal(0, status.Exit);
        Assert.DoesNotContain("running", status.Out);
    }
}
