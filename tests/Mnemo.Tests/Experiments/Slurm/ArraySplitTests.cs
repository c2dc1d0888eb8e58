using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>A sweep larger than the cluster's MaxArraySize goes in several arrays: the script's own array
/// stays below the limit, and each part's sbatch arguments give its range and the offset of its first trial.</summary>
public class ArraySplitTests
{
    private static readonly SlurmOptions Options = new() { JobName = "big" };

    [Fact]
    public void A_sweep_of_1200_trials_under_MaxArraySize_1001_is_two_arrays_covering_every_trial_once()
    {
        var parts = SbatchScript.Parts(Options, 1200, 1001);
        Assert.Equal(
            [["--array=0-1000", "--export=ALL,MNEMO_TRIAL_OFFSET=0"], ["--array=0-198", "--export=ALL,MNEMO_TRIAL_OFFSET=1001"]],
            parts);
        // trials = offset + index: 0..1000 and 1001..1199
        Assert.Equal(Enumerable.Range(0, 1200), Enumerable.Range(0, 1001).Concat(Enumerable.Range(0, 199).Select(i => 1001 + i)));
        var script = SbatchScript.Render(Options, 1200, "/w", "/w/logs", ["/opt/mnemo"], ["s.yaml"], 1001);
        Assert.Contains("#SBATCH --array=0-1000\n", script);
        Assert.Contains("--trial \"$((SLURM_ARRAY_TASK_ID + ${MNEMO_TRIAL_OFFSET:-0}))\"", script);
    }

    [Fact]
    public void A_sweep_that_fits_is_one_plain_submission_and_the_concurrency_limit_holds_per_part()
    {
        Assert.Equal([[]], SbatchScript.Parts(Options, 1001, 1001));
        Assert.Equal("--array=0-4%2", SbatchScript.Parts(Options with { MaxConcurrent = 2 }, 12, 5)[1][0]);
    }

    [Fact]
    public void MaxArraySize_is_read_from_scontrol_and_is_null_where_scontrol_cannot_say()
    {
        var answer = new CommandResult(0, "Configuration data as of 2026-11-30T00:00:00\nMailProg                = /bin/mail\nMaxArraySize            = 40001\nMaxDBDMsgs              = 20000\n", "");
        Assert.Equal(40001, new SlurmClient((program, _) => program == "scontrol" ? answer : null).MaxArraySize());
        Assert.Null(new SlurmClient((_, _) => null).MaxArraySize());
        Assert.Null(new SlurmClient((_, _) => new CommandResult(1, "", "slurm_load_ctl_conf error")).MaxArraySize());
    }
}
