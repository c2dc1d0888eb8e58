namespace Mnemo.Experiments.Slurm;

/// <summary>What <c>mnemo sweep --slurm</c> wrote and, with <c>--submit</c>, the jobs it started (one per
/// part: a sweep larger than the cluster's MaxArraySize goes in several arrays).</summary>
/// <param name="Commands">The sbatch commands that submit the sweep, one per part.</param>
/// <param name="MaxArraySize">The cluster's limit, as scontrol said or Slurm's default.</param>
public sealed record SlurmSubmission(string ScriptPath, int Trials, IReadOnlyList<string> JobIds, IReadOnlyList<string> Commands, int MaxArraySize)
{
    public string? JobId => JobIds.Count > 0 ? JobIds[^1] : null;
}

/// <summary>Hands a sweep to Slurm: checks every trial as a local sweep would, writes the sweep folder's
/// manifest and OUT/slurm/sweep.sbatch (a job array, one task per trial), and submits it when asked.
/// Job ids are appended to OUT/slurm/jobs so that <c>--status</c> can ask Slurm about the latest.</summary>
public static class SlurmSweep
{
    public static string Folder(string outDir) => Path.Combine(outDir, "slurm");
    private static string JobsFile(string outDir) => Path.Combine(Folder(outDir), "jobs");

    /// <param name="sweepArgs">the arguments after "sweep" that reproduce this sweep in every task (absolute paths)</param>
    /// <param name="mnemoCommand">how a task starts mnemo: [path/to/mnemo] or [dotnet, path/to/mnemo.dll]</param>
    public static SlurmSubmission Write(ExperimentRunner runner, string outDir, SlurmOptions options,
        IReadOnlyList<string> mnemoCommand, IReadOnlyList<string> sweepArgs, SlurmClient? submitWith)
    {
        options.Validate();
        var trials = runner.Prepare().Trials;
        var logs = Folder(outDir);
        Directory.CreateDirectory(logs); // Slurm does not create the folder of --output
        var script = Path.Combine(logs, "sweep.sbatch");
        int limit = (submitWith ?? new SlurmClient()).MaxArraySize() ?? SbatchScript.SlurmDefaultMaxArraySize;
        AtomicFile.WriteAllText(script, SbatchScript.Render(options, trials.Count, Directory.GetCurrentDirectory(), logs, mnemoCommand, sweepArgs, limit));
        var parts = SbatchScript.Parts(options, trials.Count, limit);
        var commands = parts.Select(p => ShellQuote.Join(["sbatch", .. p, script])).ToList();
        var jobs = new List<string>();
        foreach (var part in submitWith is null ? [] : parts)
        {
            var job = submitWith!.Submit(script, part);
            // one line per submission, its arrays' jobs in order: each id is kept as soon as Slurm gives it
            File.AppendAllText(JobsFile(outDir), (jobs.Count == 0 ? StartOfLine(JobsFile(outDir)) : " ") + job);
            jobs.Add(job);
        }
        if (jobs.Count > 0) File.AppendAllText(JobsFile(outDir), "\n");
        return new SlurmSubmission(script, trials.Count, jobs, commands, limit);
    }

    /// <summary>The jobs of the latest submission for this sweep folder, in order: one, or one per array when
    /// the sweep was split (<see cref="SbatchScript.Parts"/>); empty when none was submitted.</summary>
    public static IReadOnlyList<string> LatestJobs(string outDir) =>
        File.Exists(JobsFile(outDir))
            ? File.ReadAllLines(JobsFile(outDir)).LastOrDefault(l => l.Trim() != "")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []
            : [];

    /// <summary>What Slurm says of every task of the latest submission, job by job.</summary>
    public static IReadOnlyList<(string Job, ArrayStatus Status)> LatestStates(string outDir, SlurmClient client) =>
        LatestJobs(outDir).Select(job => (job, client.TaskStates(job))).ToList();

    /// <summary>"" at the start of a line of <paramref name="path"/>, else a newline (a submission cut off before its end).</summary>
    private static string StartOfLine(string path) =>
        !File.Exists(path) || new FileInfo(path).Length == 0 || File.ReadAllText(path).EndsWith('\n') ? "" : "\n";
}
