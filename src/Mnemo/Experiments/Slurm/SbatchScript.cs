using System.Text;

namespace Mnemo.Experiments.Slurm;

/// <summary>The batch script of a sweep: a job array with one task per trial, each task running
/// <c>mnemo sweep ARGS --trial $SLURM_ARRAY_TASK_ID</c>. Finished trials exit at once, so the array
/// always covers the whole sweep and resubmitting after failures is safe. A sweep larger than the
/// cluster's MaxArraySize is submitted in parts: each part sets <see cref="OffsetVariable"/> (sbatch
/// <c>--export</c>) and its own <c>--array</c>, which the command line lets override the script's.</summary>
public static class SbatchScript
{
    /// <param name="workingDir">where each task runs, so relative paths in the arguments hold</param>
    /// <param name="logDir">where Slurm writes each task's stdout and stderr (JOB_TASK.out); it must
    /// exist before the job starts, Slurm does not create it</param>
    /// <param name="mnemoCommand">how to start mnemo: [path/to/mnemo] or [dotnet, path/to/mnemo.dll]</param>
    /// <param name="sweepArgs">the arguments after "sweep", e.g. [FILE, --out, DIR]</param>
    /// <param name="maxArraySize">the cluster's MaxArraySize: array indices stay below it</param>
    public static string Render(SlurmOptions options, int trialCount, string workingDir, string logDir,
        IReadOnlyList<string> mnemoCommand, IReadOnlyList<string> sweepArgs, int maxArraySize = SlurmDefaultMaxArraySize)
    {
        options.Validate();
        if (trialCount < 1) throw new MnemoException($"the sweep has no trials to submit (got {trialCount})");
        if (mnemoCommand.Count == 0) throw new ArgumentException("no command to start mnemo", nameof(mnemoCommand));
        if (logDir.Any(char.IsControl)) throw new MnemoException(InputName.Output, $"a folder name with control characters cannot hold Slurm logs: '{logDir}'");

        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        Directive(s, "--job-name", options.JobName);
        Directive(s, "--array", Array(options, Math.Min(trialCount, maxArraySize)));
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

    /// <summary>Slurm's MaxArraySize when the cluster does not say (slurm.conf's default).</summary>
    public const int SlurmDefaultMaxArraySize = 1001;

    /// <summary>Added to the array index to give the trial, for the parts of a sweep beyond MaxArraySize.</summary>
    public const string OffsetVariable = "MNEMO_TRIAL_OFFSET";

    /// <summary>The <c>--array</c> value for <paramref name="tasks"/> tasks (with the concurrency limit).</summary>
    public static string Array(SlurmOptions options, int tasks) =>
        options.MaxConcurrent is { } k ? $"0-{tasks - 1}%{k}" : $"0-{tasks - 1}";

    /// <summary>The sbatch arguments (before the script) of each part of a sweep of <paramref name="trialCount"/>
    /// trials, at most <paramref name="maxArraySize"/> tasks each: none for a sweep that fits in one array.</summary>
    public static IReadOnlyList<string[]> Parts(SlurmOptions options, int trialCount, int maxArraySize) =>
        trialCount <= maxArraySize
            ? [[]]
            : [.. Enumerable.Range(0, (trialCount + maxArraySize - 1) / maxArraySize).Select(part =>
            {
                int offset = part * maxArraySize;
                return new[] { $"--array={Array(options, Math.Min(maxArraySize, trialCount - offset))}", $"--export=ALL,{OffsetVariable}={offset}" };
            })];

    // sbatch reads #SBATCH lines with shell-like quoting, so the same quoting holds there.
    private static void Directive(StringBuilder s, string option, string value) =>
        s.Append($"#SBATCH {option}={ShellQuote.Quote(value)}\n");
}
