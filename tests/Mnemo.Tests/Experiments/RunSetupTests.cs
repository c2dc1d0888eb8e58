using Mnemo.Experiments;
using Mnemo.Formats;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Experiments;

public sealed class RunSetupTests
{
    private static RunSetup Setup(string format, bool forced) => new(ReliabilityKit.TinyRun(10) with
    {
        Format = format,
        FormatOptions = new FormatOptions { AnchorPool = 16, Forced = forced },
        Training = ReliabilityKit.TinyRun(10).Training with { PretrainTask = "copy", PretrainSteps = 5 },
    });

    [Fact]
    public void The_copy_warm_up_of_forced_anchors_has_the_model_write_the_anchors()
    {
        var setup = Setup("anchors", forced: true);
        var rng = new Random(1);

        var main = setup.Source.Draw(rng, 4);
        var warmUp = setup.PretrainSource!.Draw(rng, 4);

        Assert.Equal([true, false, true, false, true, false, true, false], main.Forced); // the parity task: anchors supplied
        Assert.Equal(8, warmUp.Target.Length);
        Assert.All(warmUp.Forced, Assert.False); // the warm-up: every anchor predicted, so the lookup gets trained
        var copied = warmUp.Target.Select(id => setup.Vocabulary.Token(id)).ToArray();
        Assert.Equal(copied.Where((_, i) => i % 2 == 1), warmUp.Prompt.Select(id => setup.Vocabulary.Token(id)).Where(t => t is "0" or "1"));
    }

    [Fact]
    public void Formats_without_a_copy_form_train_the_main_task_only()
    {
        Assert.Null(Setup("interleaved", forced: true).PretrainSource);
        Assert.NotNull(Setup("scratchpad", forced: false).PretrainSource);
    }
}
