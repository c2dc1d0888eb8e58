using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

/// <summary>A sweep trains once the combinations of its axes that would train on the same data: decided by
/// rendering the formats, so an option a format reads can still be dropped where it changes nothing.</summary>
public class SameDataTrialsTests
{
    private static ExperimentConfig Sweep(string task, string formats, string sweep, string extra = "", string seeds = "[0]") => ConfigFiles.ParseExperiment($"""
        name: same
        task: {task}
        formats: [{formats}]
        seeds: {seeds}
        format_options: {"{anchor_pool: 16}"}
        model: {"{layers: 1, d_model: 16, heads: 2, mlp_width: 32}"}
        training: {"{min_length: 1, max_length: 3, steps: 10}"}
        evaluation: {"{lengths: [2, 4]}"}
        sweep: {sweep}
        {extra}
        """, "same.yaml");

    [Theory]
    [InlineData("addition", "plain, anchors", "plain-learned-forcedfalse-s0 anchors-learned-forcedfalse-s0 anchors-learned-forcedtrue-s0", "plain")]
    [InlineData("parity", "scratchpad, anchors", "scratchpad-learned-forcedfalse-s0 anchors-learned-forcedfalse-s0 anchors-learned-forcedtrue-s0", "scratchpad")]
    [InlineData("parity", "direct, interleaved", "direct-learned-forcedfalse-s0 interleaved-learned-forcedfalse-s0 interleaved-learned-forcedtrue-s0", "direct")]
    public void Forcing_a_format_without_anchors_is_trained_once_and_forcing_anchors_twice(string task, string formats, string trials, string unforced)
    {
        var sweep = Sweep(task, formats, "{format_options.forced: [false, true]}");

        Assert.Equal(4, sweep.AllTrials().Count);
        Assert.Equal(trials.Split(' '), sweep.Trials().Select(t => t.RunName));
        Assert.Equal(
            [$"{unforced}-learned-forcedtrue-s0: the same data as {unforced}-learned-forcedfalse-s0 (format_options.forced has no effect on {unforced}); trained once"],
            sweep.TrainedOnce().Select(t => t.Describe()));
    }

    [Fact]
    public void An_option_a_format_reads_is_dropped_where_the_task_leaves_it_nothing_to_change()
    {
        // zero_pad pads the shorter operand; with operands of equal digit counts there is none, so only forcing anchors matters
        var sweep = Sweep("addition", "plain, anchors", "{format_options.zero_pad: [false, true], format_options.forced: [false, true]}",
            "task_options: {operand_digits: equal}");

        Assert.Equal(["plain-learned-zero_padfalse-forcedfalse-s0", "anchors-learned-zero_padfalse-forcedfalse-s0", "anchors-learned-zero_padfalse-forcedtrue-s0"],
            sweep.Trials().Select(t => t.RunName));
        Assert.Equal([
            ("plain-learned-zero_padfalse-forcedtrue-s0", "plain-learned-zero_padfalse-forcedfalse-s0", "format_options.forced"),
            ("plain-learned-zero_padtrue-forcedfalse-s0", "plain-learned-zero_padfalse-forcedfalse-s0", "format_options.zero_pad"),
            ("plain-learned-zero_padtrue-forcedtrue-s0", "plain-learned-zero_padfalse-forcedfalse-s0", "format_options.forced format_options.zero_pad"),
            ("anchors-learned-zero_padtrue-forcedfalse-s0", "anchors-learned-zero_padfalse-forcedfalse-s0", "format_options.zero_pad"),
            ("anchors-learned-zero_padtrue-forcedtrue-s0", "anchors-learned-zero_padfalse-forcedtrue-s0", "format_options.zero_pad"),
        ], sweep.TrainedOnce().Select(t => (t.Run, t.SameAs, string.Join(' ', t.Options))));
        Assert.Contains("(format_options.forced and format_options.zero_pad have no effect on plain)", sweep.TrainedOnce()[2].Describe());

        var oneFull = Sweep("addition", "plain", "{format_options.zero_pad: [false, true]}");
        Assert.Equal(2, oneFull.Trials().Count); // operands of different lengths: padding changes the prompt
    }

    [Fact]
    public void Trials_that_differ_beyond_format_options_are_all_trained()
    {
        // forced does nothing to the scratchpad, but the two seeds and the two depths are different models
        var sweep = Sweep("parity", "scratchpad", "{model.layers: [1, 2], format_options.forced: [false, true]}", seeds: "[0, 1]");

        Assert.Equal(["scratchpad-learned-layers1-forcedfalse-s0", "scratchpad-learned-layers1-forcedfalse-s1",
            "scratchpad-learned-layers2-forcedfalse-s0", "scratchpad-learned-layers2-forcedfalse-s1"], sweep.Trials().Select(t => t.RunName));
        Assert.Equal(4, sweep.TrainedOnce().Count);
    }

    [Theory]
    [InlineData("fig7-addition.yaml", "paper", 36, 30, "plain-randomized-rope-zero_padfalse-forcedtrue-s0: the same data as plain-randomized-rope-zero_padfalse-forcedfalse-s0 (format_options.forced has no effect on plain); trained once")]
    [InlineData("paper-parity.yaml", null, 6, 5, "scratchpad-randomized-rope-forcedtrue-s0: the same data as scratchpad-randomized-rope-forcedfalse-s0 (format_options.forced has no effect on scratchpad); trained once")]
    public void The_papers_files_train_their_unforced_formats_once(string file, string? scale, int combinations, int trials, string firstDropped)
    {
        var experiment = ConfigFiles.LoadExperiment(Repository.File("experiments", file), scale: scale);

        Assert.Equal(combinations, experiment.AllTrials().Count);
        Assert.Equal(trials, experiment.Trials().Count);
        Assert.Equal(firstDropped, experiment.TrainedOnce()[0].Describe());
        // the kept trials in the file's order under the folder names they had before: earlier run folders still resume
        Assert.Equal(experiment.AllTrials().Select(t => t.RunName).Except(experiment.TrainedOnce().Select(t => t.Run)), experiment.Trials().Select(t => t.RunName));
    }
}
