using System.Diagnostics;

namespace Mnemo.Experiments;

/// <summary>Runs a sweep's trials as child processes of the mnemo command, <paramref name="layout"/>'s Parallel at a time,
/// each on its Threads (<see cref="TrainingThreads.ChooseSweep"/>), and merges their results into OUT/results.csv. Processes share
/// no TorchSharp state (threads of one process do: README "Parallel trials"), and on the small models of the
/// quick scales two one-thread trials train about twice as fast as one two-thread trial. Each child reports
/// its progress as <see cref="TrialEvent"/> lines, replayed here on the observer.</summary>
/// <param name="trialCommand">The command that runs this sweep (program, <c>sweep</c>, file, <c>--out</c>,
/// scale and overrides); <see cref="TrialProtocol.ChildArguments"/> are appended per trial.</param>
public sealed class TrialProcesses(ExperimentRunner runner, IReadOnlyList<string> trialCommand, Runtime.ThreadLayout layout)
{
    /// <summary>How long a child may take to stop after Ctrl+C (it saves a checkpoint first) before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    public List<ResultRow> Run(IExperimentObserver? observer = null, CancellationToken cancel = default)
    {
        int jobs = layout.Parallel;
        if (jobs < 1) throw new MnemoException($"parallel: must be at least 1, got {jobs}");
        var (trials, _, _) = runner.Prepare(); // every trial checked and the manifest written before any child starts
        observer?.Layout(layout);
        int threads = layout.Threads;
        var replay = new Lock();
        int done = 0; // trials finished, by this run or an earlier one
        string? failure = null;
        observer?.TrialsDone(0, trials.Count);
        int next = -1;
        void Fail(string message) => Interlocked.CompareExchange(ref failure, message, null); // the first one stands
        void Replay(int trial, TrialEvent e)
        {
            if (observer is not null) lock (replay) e.Replay(trials[trial], observer);
        }
        void Worker()
        {
            // trials start in sweep order, each as soon as a slot is free
            for (int k = Interlocked.Increment(ref next); k < trials.Count; k = Interlocked.Increment(ref next))
            {
                int i = k;
                if (cancel.IsCancellationRequested || Volatile.Read(ref failure) is not null) return;
                string? error;
                try { error = RunChild(i, threads, e => Replay(i, e), cancel); }
                catch (Exception e) // on a worker thread an exception would end the process with a stack trace
                {
                    Fail(e is MnemoException ? e.Message : $"trial {i} ({trials[i].RunName}): {e.Message}");
                    return;
                }
                if (error is null)
                    lock (replay) observer?.TrialsDone(++done, trials.Count); // the count only goes up on the display
                else if (!cancel.IsCancellationRequested) Fail($"trial {i} ({trials[i].RunName}) failed: {error}");
                if (cancel.IsCancellationRequested) return;
            }
        }
        var workers = Enumerable.Range(0, Math.Min(jobs, trials.Count)).Select(_ => new Thread(Worker)).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        if (done < trials.Count) cancel.ThrowIfCancellationRequested(); // stopped: unless every trial had finished by then
        if (failure is not null) throw new MnemoException(failure);
        return SweepFolder.Open(runner.OutDir).WriteResults();
    }

    /// <summary>Runs trial <paramref name="index"/> to its end; null when it succeeded, else why it failed.</summary>
    private string? RunChild(int index, int threads, Action<TrialEvent> onEvent, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(trialCommand[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in trialCommand.Skip(1).Concat(TrialProtocol.ChildArguments(index)))
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[Runtime.ThreadPolicy.Variable] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture); // the child takes its share as it is
        // the child dies with this process (Linux delivers the signal when the thread that started it ends:
        // this worker thread, which waits for the child below)
        var (key, pid) = Runtime.ParentDeath.ForChild();
        start.Environment[key] = pid;
        var errors = new List<string>();
        string? failed = null;
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && TrialEvent.Parse(line) is { } trialEvent)
            {
                if (trialEvent is { Event: "failed", Error: { } error }) failed = error;
                else onEvent(trialEvent);
            }
        };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lock (errors) errors.Add(e.Data); };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MnemoException($"cannot start a trial process ({trialCommand[0]}): {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Ctrl+C on a terminal reaches the children too (one process group), but a SIGINT or SIGTERM sent to
        // this process alone does not: each child is asked once with SIGTERM, which stops it as the first
        // Ctrl+C does (a checkpoint, then exit) and, unlike a second SIGINT, never stops it at once. One that
        // has not stopped within the grace period is killed (it resumes from its last checkpoint).
        DateTime? deadline = null;
        while (!process.WaitForExit(TimeSpan.FromMilliseconds(250)))
        {
            if (!cancel.IsCancellationRequested) continue;
            if (deadline is null) Mono.Unix.Native.Syscall.kill(process.Id, Mono.Unix.Native.Signum.SIGTERM);
            deadline ??= DateTime.UtcNow + StopGrace;
            if (DateTime.UtcNow > deadline) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit(); // the output of the child is read to its end
        if (process.ExitCode == 0) return null;
        // the child's failure event, else the first line it printed on stderr (a crash's message)
        return failed ?? errors.FirstOrDefault() ?? $"exit code {process.ExitCode}";
    }
}
