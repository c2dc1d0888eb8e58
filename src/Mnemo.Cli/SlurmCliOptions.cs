using System.CommandLine;
using Mnemo.Experiments;
using Mnemo.Experiments.Slurm;

namespace Mnemo.Cli;

/// <summary>The <c>--slurm</c> options of <c>mnemo sweep</c>: write (and submit) a job array instead of training here.</summary>
public sealed class SlurmCliOptions
{
    public Option<bool> Slurm { get; } = new("--slurm") { Description = "Write OUT/slurm/sweep.sbatch, a Slurm job array with one task per trial (each runs this sweep with --trial N into OUT), instead of training here" };
    public Option<bool> Submit { get; } = new("--submit") { Description = "With --slurm: submit the script with sbatch and print the job id" };
    public Option<string?> Partition { get; } = new("--partition") { Description = "With --slurm: the partition (queue) to run in" };
    public Option<string?> Time { get; } = new("--time") { Description = "With --slurm: time limit per trial, as minutes, HH:MM:SS or D-HH:MM:SS" };
    public Option<int> Cpus { get; } = new("--cpus") { Description = "With --slurm: CPU cores per trial (libtorch threads)", DefaultValueFactory = _ => 1 };
    public Option<int> Gpus { get; } = new("--gpus") { Description = "With --slurm: GPUs per trial; refused above 0, since this build trains on the CPU only", DefaultValueFactory = _ => 0 };
    public Option<int?> MaxConcurrent { get; } = new("--max-concurrent") { Description = "With --slurm: at most this many trials at once (--array=0-N%K)" };

    public IEnumerable<Option> All => [Slurm, Submit, Partition, Time, Cpus, Gpus, MaxConcurrent];

    /// <summary>Which option feeds which input of <see cref="SlurmOptions"/>, for error lines.</summary>
    public IEnumerable<(InputName, System.CommandLine.Symbol)> Flags =>
    [
        (SlurmOptions.Inputs.Submit, Submit), (SlurmOptions.Inputs.Partition, Partition), (SlurmOptions.Inputs.Time, Time),
        (SlurmOptions.Inputs.Cpus, Cpus), (SlurmOptions.Inputs.Gpus, Gpus), (SlurmOptions.Inputs.MaxConcurrent, MaxConcurrent),
    ];

    /// <summary>Writes the script (and submits it); prints what it did.</summary>
    public void Run(ParseResult parse, ExperimentRunner runner, string dir, IReadOnlyList<string> sweepArgs)
    {
        var options = new SlurmOptions
        {
            JobName = $"mnemo-{Path.GetFileName(Path.GetFullPath(dir))}", Partition = parse.GetValue(Partition), Time = parse.GetValue(Time),
            Cpus = parse.GetValue(Cpus), Gpus = parse.GetValue(Gpus), MaxConcurrent = parse.GetValue(MaxConcurrent),
        };
        var submission = SlurmSweep.Write(runner, dir, options, SelfCommand.Mnemo(), sweepArgs, parse.GetValue(Submit) ? new SlurmClient() : null);
        Console.WriteLine($"wrote {submission.ScriptPath}: a job array of {submission.Trials} trials");
        if (submission.Commands.Count > 1)
            Console.WriteLine($"{submission.Trials} trials exceed this cluster's MaxArraySize of {submission.MaxArraySize}: the sweep goes in {submission.Commands.Count} arrays");
        if (submission.JobIds.Count > 0)
            Console.WriteLine($"submitted job{(submission.JobIds.Count > 1 ? "s" : "")} {string.Join(", ", submission.JobIds)}; follow it with: mnemo sweep … --out {dir} --status; then mnemo report {dir}");
        else
            foreach (var command in submission.Commands) Console.WriteLine($"submit it with: {command}");
    }

    /// <summary>Prints the states Slurm reports for every job of the folder's latest submission (one per array
    /// of a split sweep), when there is one.</summary>
    public static void PrintJobStatus(string dir)
    {
        foreach (var (job, status) in SlurmSweep.LatestStates(dir, new SlurmClient()))
            Console.WriteLine(status.Unavailable is { } why
                ? $"slurm job {job}: no task states ({why})"
                : $"slurm job {job}: " + string.Join(", ", Enum.GetValues<TaskPhase>().Select(p => $"{status.Count(p)} {p.ToString().ToLowerInvariant()}")));
    }
}
