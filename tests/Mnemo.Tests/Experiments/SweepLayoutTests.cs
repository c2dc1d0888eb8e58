using Mnemo.Experiments;
using Mnemo.Runtime;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Experiments;

/// <summary>How a sweep lays its trials on the cores: the file's <c>parallel</c> and <c>training.threads</c> win,
/// else <see cref="ParallelTrials"/>'s rule for the model size.</summary>
public class SweepLayoutTests
{
    // four trials of a 1-layer d=32 model (8,192 layer weights: small), training.threads left to the policy
    private static ExperimentConfig Tiny(string extra = "") => ConfigFiles.ParseExperiment(
        ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 1, 2, 3]").Replace(" threads: 1,", "") + extra, "tiny.yaml");

    [Fact]
    public void Without_parallel_a_small_model_runs_one_trial_per_core()
    {
        Assert.Null(Tiny().Parallel);
        var layout = TrainingThreads.ChooseSweep(Tiny());
        int cores = Environment.ProcessorCount;
        Assert.Equal(Math.Min(cores, 4), layout.Parallel);
        Assert.Equal(ThreadPolicy.PerTrial(cores, 0, Math.Min(cores, 4)), layout.Threads);
        Assert.Equal("chosen: a small model (8,192 layer weights), trials side by side on the cores", layout.ParallelSource);
        Assert.Contains($"layout: {layout.Parallel} trial{(layout.Parallel == 1 ? "" : "s")} in parallel (chosen: a small model", layout.Describe());
    }

    [Fact]
    public void A_stated_parallel_wins_and_never_exceeds_the_trials()
    {
        var layout = TrainingThreads.ChooseSweep(Tiny("\nparallel: 1\n"));
        Assert.Equal((1, "as stated"), (layout.Parallel, layout.ParallelSource));
        Assert.Equal(Environment.ProcessorCount, layout.Threads);
        Assert.Equal(4, TrainingThreads.ChooseSweep(Tiny("\nparallel: 9\n")).Parallel);
    }

    [Fact]
    public void Stated_threads_win_and_set_how_many_trials_share_the_cores()
    {
        int cores = Environment.ProcessorCount;
        var config = Tiny();
        var layout = TrainingThreads.ChooseSweep(config with { Training = config.Training with { Threads = cores } });
        Assert.Equal((1, cores, "training.threads"), (layout.Parallel, layout.Threads, layout.Source));
    }

    [Fact]
    public void A_large_model_runs_one_trial_at_a_time_on_all_cores()
    {
        var config = Tiny();
        var layout = TrainingThreads.ChooseSweep(config with { Model = config.Model with { Layers = 4, DModel = 512, Heads = 8, MlpWidth = 2048 } });
        Assert.Equal((1, Environment.ProcessorCount), (layout.Parallel, layout.Threads));
        Assert.StartsWith("chosen: 12,582,912 layer weights, above", layout.ParallelSource);
    }
}
