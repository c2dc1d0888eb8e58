using Mnemo.Experiments;
using Mnemo.Formats;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Experiments;

public sealed class CheckpointIdentityTests
{
    private static readonly RunConfig Run = ReliabilityKit.TinyRun(30) with
    {
        Format = "anchors",
        FormatOptions = new FormatOptions { AnchorPool = 16, Forced = true },
    };

    [Fact]
    public void The_identity_of_a_config_is_pinned_so_checkpoints_resume_across_versions()
    {
        // Changing this value makes every stopped run of earlier versions unresumable: only do it when what
        // a config trains has changed (a new setting at its default must leave it as it is)
        Assert.Equal("a47838a6ab9bee7f72c8eff066c639af", TrialRunner.Identity(Run));
    }

    [Fact]
    public void Threads_and_checkpoint_frequency_do_not_change_the_identity_but_what_is_trained_does()
    {
        var id = TrialRunner.Identity(Run);
        Assert.Equal(id, TrialRunner.Identity(Run with { Training = Run.Training with { Threads = 2, CheckpointEvery = 7 } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { Training = Run.Training with { Steps = 31 } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { FormatOptions = Run.FormatOptions with { Forced = false } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { Model = Run.Model with { DModel = 64 } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { Seed = 4 }));
        Assert.Equal(id, TrialRunner.Identity(Run with { TaskOptions = new Mnemo.Tasks.TaskOptions() }));
    }
}
