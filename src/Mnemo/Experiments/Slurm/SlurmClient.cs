using System.Diagnostics;

namespace Mnemo.Experiments.Slurm;

/// <summary>Submits batch scripts and reads the states of a job array's tasks, through Slurm's
/// command-line tools.</summary>
/// <param name="run">runs a tool: null when it is not on PATH (tests pass canned outputs)</param>
public sealed class SlurmClient(Func<string, IReadOnlyList<string>, CommandResult?>? run = null)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Func<string, IReadOnlyList<string>, CommandResult?> _run =
        run ?? ((program, arguments) => ExternalCommand.Run(program, arguments, CommandTimeout));

    /// <summary>Submits a batch script (with <paramref name="options"/> before it, e.g. <c>--array</c>); returns the job id.</summary>
    public string Submit(string scriptPath, IReadOnlyList<string>? options = null)
    {
        var result = _run("sbatch", ["--parsable", .. options ?? [], scriptPath])
            ?? throw new MnemoException(SlurmOptions.Inputs.Submit, $"sbatch is not on PATH here; submit the script from a login node of the cluster: sbatch {ShellQuote.Quote(scriptPath)}");
        if (result.ExitCode != 0) throw new MnemoException($"sbatch {scriptPath}: {result.FirstMessageLine}");
        return SlurmOutput.JobId(result.Output);
    }

    /// <summary>The cluster's MaxArraySize (<c>scontrol show config</c>), or null where scontrol cannot say.</summary>
    public int? MaxArraySize()
    {
        var result = _run("scontrol", ["show", "config"]);
        if (result is not { ExitCode: 0 }) return null;
        var m = System.Text.RegularExpressions.Regex.Match(result.Output, @"^MaxArraySize\s*=\s*(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        return m.Success && int.TryParse(m.Groups[1].Value, out var size) && size > 0 ? size : null;
    }

    /// <summary>The states of the array's tasks. sacct remembers finished jobs for good but needs the
    /// accounting database, which small clusters lack; squeue knows queued and running tasks, and
    /// finished ones only until the controller forgets them (MinJobAge). So both are asked, squeue's
    /// fresher answer winning.</summary>
    public ArrayStatus TaskStates(string jobId)
    {
        var tasks = new Dictionary<int, string>();
        var problems = new List<string>();
        foreach (var (program, arguments) in new (string, string[])[]
        {
            ("sacct", ["--jobs", jobId, "--allocations", "--noheader", "--parsable2", "--format=JobID,State"]),
            ("squeue", ["--jobs", jobId, "--array", "--states=all", "--noheader", "--format=%i|%T"]),
        })
        {
            var result = _run(program, arguments);
            if (result is null) problems.Add($"{program} is not on PATH");
            else if (result.ExitCode != 0) problems.Add($"{program}: {result.FirstMessageLine}");
            else
                foreach (var (task, state) in SlurmOutput.TaskStates(result.Output, jobId)) tasks[task] = state;
        }
        return new ArrayStatus(tasks, tasks.Count == 0 ? string.Join("; ", problems.DefaultIfEmpty($"no tasks of job {jobId}")) : null);
    }

    /// <summary>Polls until every task of the array has ended; returns their states.</summary>
    public ArrayStatus Wait(string jobId, TimeSpan limit, TimeSpan? pollEvery = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = TaskStates(jobId);
            if (status.Unavailable is not null)
                throw new MnemoException($"job {jobId}: cannot follow its tasks ({status.Unavailable})");
            if (status.IsFinished) return status;
            if (clock.Elapsed > limit)
                throw new MnemoException($"job {jobId} did not finish within {limit.TotalSeconds:0} s: " +
                    string.Join(", ", status.Tasks.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}")));
            Thread.Sleep(pollEvery ?? TimeSpan.FromSeconds(1));
        }
    }
}
