using System.Text;

namespace Mnemo.Experiments.Slurm;

/// <summary>The batch script of a sweep: a job array with one task per trial, each task running
/// <c>mnemo sweep ARGS --trial $SLURM_ARRAY_TASK_ID</c>. Finished trials exit at once, so the array
/// always covers the whole sweep and resubmitting after failures is safe.</summary>
public static class SbatchScript
{
    /// <param name="workingDir">where each task runs, so relative paths in the arguments hold</param>
    /// <param name="logDir">where Slurm writes each task's stdout and stderr (JOB_TASK.out); it must
    /// exist before the job starts, Slurm does not create it</param>
    /// <param name="mnemoCommand">how to start mnemo: [path/to/mnemo] or [dotnet, path/to/mnemo.dll]</param>
    /// <param name="sweepArgs">the arguments after "sweep", e.g. [FILE, --out, DIR]</param>
    public static string Render(SlurmOptions options, int trialCount, string workingDir, string logDir,
        IReadOnlyList<string> mnemoCommand, IReadOnlyList<string> sweepArgs)
    {
        options.Validate();
        if (trialCount < 1) throw new MnemoException($"the sweep has no trials to submit (got {trialCount})");
        if (mnemoCommand.Count == 0) throw new ArgumentException("no command to start mnemo", nameof(mnemoCommand));
        if (logDir.Any(char.IsControl)) throw new MnemoException($"--out: a folder name with control characters cannot hold Slurm logs: '{logDir}'");

        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        Directive(s, "--job-name", options.JobName);
        Directive(s, "--array", options.MaxConcurrent is { } k ? $"0-{trialCount - 1}%{k}" : $"0-{trialCount - 1}");
        Directive(s, "--cpus-per-task", options.Cpus.ToString());
        if (options.Time is not null) Directive(s, "--time", options.Time);
        if (options.Partition is not null) Directive(s, "--partition", options.Partition);
        // %A = array job id, %a = task index; a literal % in the folder name must be doubled.
        Directive(s, "--output", Path.Combine(Path.GetFullPath(logDir).Replace("%", "%%"), "%A_%a.out"));
        s.Append("set -euo pipefail\n");
        s.Append($"cd {ShellQuote.Quote(Path.GetFullPath(workingDir))}\n");
        // Where Slurm grants CPUs without binding the task to them (task/none), libtorch and .NET
        // would size their thread pools from the whole node: hold them to the task's share.
        s.Append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        s.Append("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        s.Append($"exec {ShellQuote.Join([.. mnemoCommand, "sweep", .. sweepArgs])} {TrialProtocol.ArrayTaskArguments}\n");
        return s.ToString();
    }

    // sbatch reads #SBATCH lines with shell-like quoting, so the same quoting holds there.
    private static void Directive(StringBuilder s, string option, string value) =>
        s.Append($"#SBATCH {option}={ShellQuote.Quote(value)}\n");
}
