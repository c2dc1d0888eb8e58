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
            File.AppendAllText(JobsFile(outDir), job + "\n");
            jobs.Add(job);
        }
        return new SlurmSubmission(script, trials.Count, jobs, commands, limit);
    }

    /// <summary>The id of the latest job submitted for this sweep folder, if any.</summary>
    public static string? LatestJob(string outDir) =>
        File.Exists(JobsFile(outDir)) ? File.ReadAllLines(JobsFile(outDir)).LastOrDefault(l => l.Trim() != "")?.Trim() : null;
}
