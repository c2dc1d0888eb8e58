using Mnemo.Runtime;

namespace Mnemo.Tests.Runtime;

public class ParallelTrialsTests
{
    private const long Quickstart = 393_216;     // 2 · (4·128² + 2·128·512)
    private const long Base = 3_145_728;         // 4 · (4·256² + 2·256·1024)
    private const long Large = 12_582_912;       // 4 · (4·512² + 2·512·2048)
    private const long Plenty = 64_000_000_000;  // 64 GB

    [Theory]
    [InlineData(2, 2, 2)]   // the quickstart on 2 cores: both trials at once
    [InlineData(2, 6, 2)]   // more trials than cores: one per core
    [InlineData(8, 3, 3)]   // more cores than trials: one process per trial
    [InlineData(1, 4, 1)]   // one core: one at a time
    public void A_small_model_runs_as_many_trials_as_cores_and_trials_allow(int cores, int trials, int parallel)
    {
        var (chosen, reason) = ParallelTrials.Choose(cores, trials, Quickstart, fixedThreads: 0, trialBytes: 100e6, Plenty);
        Assert.Equal(parallel, chosen);
        Assert.Equal("chosen: a small model (393,216 layer weights), trials side by side on the cores", reason);
    }

    [Fact]
    public void A_model_above_the_boundary_or_a_pretrained_one_runs_one_trial_at_a_time()
    {
        Assert.Equal((1, "chosen: 12,582,912 layer weights, above the 4,000,000 of a small model: one trial at a time on all cores"),
            ParallelTrials.Choose(8, 6, Large, 0, 100e6, Plenty));
        Assert.Equal(2, ParallelTrials.Choose(2, 6, Base, 0, 100e6, Plenty).Parallel);      // base: measured faster side by side
        Assert.Equal(1, ParallelTrials.Choose(8, 6, ParallelTrials.SmallModelWeights + 1, 0, 100e6, Plenty).Parallel);
        Assert.Equal(6, ParallelTrials.Choose(8, 6, ParallelTrials.SmallModelWeights, 0, 100e6, Plenty).Parallel); // the boundary is small
        Assert.Equal((1, "chosen: a pretrained checkpoint, one trial at a time on all cores"), ParallelTrials.Choose(8, 6, null, 0, 100e6, Plenty));
        Assert.Equal((1, "chosen: one trial"), ParallelTrials.Choose(8, 1, Quickstart, 0, 100e6, Plenty));
    }

    [Fact]
    public void Fixed_threads_per_trial_share_the_cores_in_whole_blocks()
    {
        Assert.Equal(2, ParallelTrials.Choose(8, 6, Quickstart, fixedThreads: 4, 100e6, Plenty).Parallel);
        Assert.Equal(1, ParallelTrials.Choose(2, 6, Quickstart, fixedThreads: 4, 100e6, Plenty).Parallel);
    }

    [Fact]
    public void No_more_trials_run_at_once_than_fit_in_memory()
    {
        // 0.5 GB of runtime + 1.5 GB of model and data per trial: 4.5 GB holds 2 of them, 1 GB none (still one runs)
        Assert.Equal((2, "chosen: a small model, but only 2 trials of about 2 GB each fit in 4.5 GB of memory"),
            ParallelTrials.Choose(8, 6, Quickstart, 0, 1.5e9, 4_500_000_000));
        Assert.Equal(1, ParallelTrials.Choose(8, 6, Quickstart, 0, 1.5e9, 1_000_000_000).Parallel);
        Assert.Equal(6, ParallelTrials.Choose(8, 6, Quickstart, 0, 1.5e9, null).Parallel); // memory unknown: no limit
    }
}
