using Mnemo.Runtime;

namespace Mnemo.Tests.Runtime;

public sealed class ThreadPolicyTests
{
    [Theory]
    [InlineData(2, 0.0, 1, 2)]   // idle 2-core machine: both cores
    [InlineData(2, 0.0, 2, 1)]   // two trials share them
    [InlineData(2, 1.0, 1, 1)]   // one core taken by another process
    [InlineData(2, 9.0, 1, 1)]   // the lead's load 9–12: never below one thread
    [InlineData(2, 9.0, 2, 1)]
    [InlineData(8, 2.6, 1, 5)]   // 2.6 runnable others round to 3
    [InlineData(8, 2.4, 2, 3)]   // 6 free cores, two trials
    [InlineData(8, 0.0, 3, 2)]   // a remainder core stays free
    [InlineData(1, 0.0, 4, 1)]   // more trials than cores: one thread each
    public void Threads_per_trial_come_from_the_free_cores(int cores, double load, int parallel, int expected) =>
        Assert.Equal(expected, ThreadPolicy.PerTrial(cores, load, parallel));

    [Fact]
    public void The_policy_refuses_what_cannot_be_a_machine()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadPolicy.PerTrial(0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadPolicy.PerTrial(2, 0, 0));
    }

    [Theory]
    [InlineData("0.52 0.41 0.30 3/245 1234\n", 3)]
    [InlineData("11.90 9.47 7.01 12/610 99\n", 12)]
    [InlineData("0.52 0.41 0.30", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_runnable_count_is_read_from_proc_loadavg(string? line, int? expected) =>
        Assert.Equal(expected, CpuLoad.Running(line));

    [Fact]
    public void A_configured_count_beats_the_environment_and_the_environment_beats_the_policy()
    {
        Assert.Equal(new ThreadLayout(Environment.ProcessorCount, 0, 2, 5, "training.threads"), ThreadPolicy.Choose(5, 2, "3"));
        Assert.Equal(new ThreadLayout(Environment.ProcessorCount, 0, 2, 3, ThreadPolicy.Variable), ThreadPolicy.Choose(0, 2, "3"));
        var e = Assert.Throws<MnemoException>(() => ThreadPolicy.Choose(0, 1, "two"));
        Assert.Equal("MNEMO_THREADS: must be a whole number of threads, at least 1, or auto, got 'two'", e.Message);
        Assert.Throws<MnemoException>(() => ThreadPolicy.Choose(0, 1, "0"));
        var auto = ThreadPolicy.Choose(0, 1, "auto");
        Assert.Equal("MNEMO_THREADS=auto: cores less load", auto.Source);
        Assert.Equal(ThreadPolicy.PerTrial(auto.Cores, auto.OtherLoad, 1), auto.Threads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void By_default_the_count_follows_the_cores_only_so_the_same_command_trains_the_same_model(int parallel)
    {
        // the thread count changes libtorch's rounding and so the trained weights: it must not follow the load
        var chosen = ThreadPolicy.Choose(0, parallel, null);
        Assert.Equal("cores", chosen.Source);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / parallel), chosen.Threads);
        Assert.Equal(ThreadPolicy.PerTrial(chosen.Cores, 0, parallel), chosen.Threads);
    }

    [Fact]
    public void The_layout_line_says_trials_threads_cores_and_load()
    {
        var line = new ThreadLayout(2, 9.4, 2, 1, "cores and load").Describe();
        Assert.StartsWith("layout: 2 trials in parallel × 1 libtorch thread each (cores and load); 2 cores available, 9.4 runnable threads of other processes; OpenMP ", line);
    }
}
