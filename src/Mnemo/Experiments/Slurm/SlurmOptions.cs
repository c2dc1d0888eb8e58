using System.Text.RegularExpressions;

namespace Mnemo.Experiments.Slurm;

/// <summary>What a sweep asks of Slurm for each of its array tasks (one task per trial). Null means
/// "the cluster's default".</summary>
public sealed partial record SlurmOptions
{
    public string JobName { get; init; } = "mnemo";
    public string? Partition { get; init; }
    /// <summary>Wall-time limit of one trial, in any of sbatch's forms: minutes, MM:SS, HH:MM:SS,
    /// D-HH, D-HH:MM or D-HH:MM:SS.</summary>
    public string? Time { get; init; }
    public int Cpus { get; init; } = 1;
    /// <summary>Only 0 is accepted: this build runs on the CPU (<see cref="Validate"/> says why).</summary>
    public int Gpus { get; init; }
    /// <summary>At most this many trials run at once (the %K of --array); null: as many as fit.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>The options as errors name them (a front end may show its own flags for them).</summary>
    public static class Inputs
    {
        public static readonly InputName JobName = new("job_name"), Partition = new("partition"), Time = new("time"), Cpus = new("cpus"),
            Gpus = new("gpus"), MaxConcurrent = new("max_concurrent"), Submit = new("submit");
    }

    public SlurmOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(JobName) || JobName.Any(char.IsControl))
            throw new MnemoException(Inputs.JobName, $"must be a non-empty single line");
        if (Partition is not null && (Partition.Length == 0 || Partition.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            throw new MnemoException(Inputs.Partition, $"must be a partition name without spaces, got '{Partition}'");
        if (Time is not null && !TimeForm().IsMatch(Time))
            throw new MnemoException(Inputs.Time, $"expected minutes, HH:MM:SS or D-HH:MM:SS (sbatch's forms), got '{Time}'");
        if (Cpus < 1) throw new MnemoException(Inputs.Cpus, $"must be at least 1, got {Cpus}");
        if (Gpus < 0) throw new MnemoException(Inputs.Gpus, $"must be at least 0, got {Gpus}");
        // never ask a cluster for a GPU the trial would leave idle (and wait in a GPU queue for it)
        if (Gpus > 0)
            throw new MnemoException(Inputs.Gpus, $"{Gpus} refused: this build of Mnemo trains on the CPU only (TorchSharp with the CPU libtorch), so a GPU would sit idle; leave {Inputs.Gpus} out and give the trials {Inputs.Cpus}");
        if (MaxConcurrent < 1) throw new MnemoException(Inputs.MaxConcurrent, $"must be at least 1, got {MaxConcurrent}");
        return this;
    }

    // sbatch --time: "minutes", "minutes:seconds", "hours:minutes:seconds", "days-hours",
    // "days-hours:minutes", "days-hours:minutes:seconds".
    [GeneratedRegex(@"^(\d+(:\d{1,2}){0,2}|\d+-\d{1,2}(:\d{1,2}){0,2})$")]
    private static partial Regex TimeForm();
}
