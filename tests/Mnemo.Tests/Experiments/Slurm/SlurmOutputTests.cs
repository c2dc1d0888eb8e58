using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>Outputs captured from Debian's slurm-wlm 22.05 (the local cluster of .ci/slurm-up),
/// except the sacct listing: that cluster has no accounting database, so it is in the form sacct's
/// manual gives.</summary>
public class SlurmOutputTests
{
    [Theory]
    [InlineData("7\n", "7")]
    [InlineData("1234;mnemo\n", "1234")]
    public void Sbatch_parsable_output_gives_the_job_id(string output, string id)
    {
        Assert.Equal(id, SlurmOutput.JobId(output));
    }

    [Fact]
    public void Anything_else_from_sbatch_is_an_error()
    {
        Assert.Throws<MnemoException>(() => SlurmOutput.JobId("Submitted batch job 7\n"));
    }

    [Fact]
    public void Squeue_lists_each_task_of_the_array()
    {
        // squeue --jobs 7 --array --states=all --noheader --format=%i|%T, while task 0 runs
        const string listing = "7_1|FAILED\n7_2|PENDING\n7_3|PENDING\n7_4|PENDING\n7_5|PENDING\n7_0|RUNNING\n";

        var states = SlurmOutput.TaskStates(listing, "7");

        Assert.Equal(new Dictionary<int, string>
        {
            [0] = "RUNNING", [1] = "FAILED", [2] = "PENDING", [3] = "PENDING", [4] = "PENDING", [5] = "PENDING",
        }, states);
    }

    [Fact]
    public void Ranges_of_pending_tasks_are_expanded()
    {
        // the same without --array: pending tasks in one line, with the array's %K limit
        Assert.Equal([0, 1, 2, 3, 4, 5], SlurmOutput.TaskStates("7_1|FAILED\n7_[2-5%2]|PENDING\n7_0|RUNNING\n", "7").Keys.Order());
        Assert.Equal([1, 3, 6, 8, 10], SlurmOutput.TaskStates("9_[1,3,6-10:2]|PENDING\n", "9").Keys.Order());
    }

    [Fact]
    public void Sacct_states_lose_their_detail_and_steps_and_other_jobs_are_ignored()
    {
        const string listing = "123_0|COMPLETED\n123_0.batch|COMPLETED\n123_1|CANCELLED by 1000\n1234_0|FAILED\n123_[2-3]|PENDING\n";

        Assert.Equal(new Dictionary<int, string>
        {
            [0] = "COMPLETED", [1] = "CANCELLED", [2] = "PENDING", [3] = "PENDING",
        }, SlurmOutput.TaskStates(listing, "123"));
    }

    [Theory]
    [InlineData("PENDING", TaskPhase.Pending)]
    [InlineData("RUNNING", TaskPhase.Running)]
    [InlineData("COMPLETING", TaskPhase.Running)]
    [InlineData("COMPLETED", TaskPhase.Completed)]
    [InlineData("FAILED", TaskPhase.Failed)]
    [InlineData("CANCELLED by 0", TaskPhase.Failed)]
    [InlineData("TIMEOUT", TaskPhase.Failed)]
    [InlineData("OUT_OF_MEMORY", TaskPhase.Failed)]
    public void Slurm_states_fall_into_four_phases(string state, TaskPhase phase)
    {
        Assert.Equal(phase, TaskPhases.Of(state));
    }
}
