using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>The client against canned answers of Slurm's tools, captured from the local cluster.</summary>
public class SlurmClientTests
{
    private static SlurmClient Answering(Dictionary<string, CommandResult?> answers) =>
        new((program, _) => answers.TryGetValue(program, out var answer) ? answer : null);

    private static readonly CommandResult AccountingDisabled = new(1, "", "Slurm accounting storage is disabled\n");

    [Fact]
    public void Submitting_returns_the_job_id()
    {
        var client = Answering(new() { ["sbatch"] = new(0, "7\n", "") });
        Assert.Equal("7", client.Submit("/w/sweep.sbatch"));
    }

    [Fact]
    public void A_refused_submission_says_why_in_one_line()
    {
        var client = Answering(new()
        {
            ["sbatch"] = new(1, "", "sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n"),
        });
        var error = Assert.Throws<MnemoException>(() => client.Submit("/w/sweep.sbatch"));
        Assert.Equal("sbatch /w/sweep.sbatch: sbatch: error: invalid partition specified: nope", error.Message);
    }

    [Fact]
    public void Without_sbatch_submitting_says_how_to_submit_by_hand()
    {
        var error = Assert.Throws<MnemoException>(() => Answering(new()).Submit("/w/my sweep.sbatch"));
        Assert.Contains("sbatch '/w/my sweep.sbatch'", error.Message);
    }

    [Fact]
    public void Without_accounting_the_states_come_from_squeue()
    {
        var client = Answering(new()
        {
            ["sacct"] = AccountingDisabled,
            ["squeue"] = new(0, "7_2|CANCELLED\n7_5|COMPLETED\n7_4|COMPLETED\n7_3|COMPLETED\n7_0|COMPLETED\n7_1|FAILED\n", ""),
        });

        var status = client.TaskStates("7");

        Assert.Null(status.Unavailable);
        Assert.True(status.IsFinished);
        Assert.Equal((4, 2), (status.Count(TaskPhase.Completed), status.Count(TaskPhase.Failed)));
        Assert.Equal(TaskPhase.Failed, status.PhaseOf(2));
    }

    [Fact]
    public void Squeue_overrides_what_sacct_has_not_caught_up_with()
    {
        var client = Answering(new()
        {
            ["sacct"] = new(0, "8_0|COMPLETED\n8_1|PENDING\n", ""),
            ["squeue"] = new(0, "8_1|RUNNING\n", ""),
        });

        var status = client.TaskStates("8");

        Assert.Equal(new Dictionary<int, string> { [0] = "COMPLETED", [1] = "RUNNING" }, status.Tasks);
        Assert.False(status.IsFinished);
    }

    [Fact]
    public void A_forgotten_job_gives_no_states_and_every_reason()
    {
        var client = Answering(new()
        {
            ["sacct"] = AccountingDisabled,
            ["squeue"] = new(1, "", "slurm_load_jobs error: Invalid job id specified\n"),
        });

        var status = client.TaskStates("99999");

        Assert.Empty(status.Tasks);
        Assert.Equal("sacct: Slurm accounting storage is disabled; squeue: slurm_load_jobs error: Invalid job id specified", status.Unavailable);
    }

    [Fact]
    public void Without_slurm_tools_the_reason_says_so()
    {
        Assert.Equal("sacct is not on PATH; squeue is not on PATH", Answering(new()).TaskStates("7").Unavailable);
    }
}
