using Mnemo.Experiments;
using Mnemo.Training;

namespace Mnemo.Tests.Runtime;

public class SpellingTests
{
    private static readonly IReadOnlyCollection<string> Training = ConfigSchema.Settings(typeof(TrainingConfig)).Keys.ToList();

    [Theory]
    [InlineData("step", "steps")] // one letter missing
    [InlineData("stpes", "steps")] // two neighbours swapped: one edit
    [InlineData("batchSize", "batch_size")] // camelCase: case and '_' are not counted
    [InlineData("batch-size", "batch_size")]
    [InlineData("warmup", null)] // warmup_steps is 5 edits away, more than a third of 6 letters
    public void The_closest_setting_is_suggested_only_when_it_is_close(string typed, string? expected) =>
        Assert.Equal(expected, Spelling.Closest(typed, Training));

    [Fact]
    public void Nothing_close_means_no_suggestion()
    {
        Assert.Null(Spelling.Closest("nope", Training));
        Assert.Equal("", Spelling.Suggest("xpos", ["learned", "sinusoidal", "rope", "alibi", "none"]));
        Assert.Null(Spelling.Closest("-x", ["--help", "-h", "-?"])); // under three letters: every short alias is one edit away
    }

    [Fact]
    public void The_suggestion_keeps_the_prefix_the_user_gave_and_ties_go_to_the_first_listed()
    {
        Assert.Equal(", did you mean 'randomized-rope'?", Spelling.Suggest("rpoe", ["learned", "rope"], prefix: "randomized-"));
        Assert.Equal("abd", Spelling.Closest("acd", ["abd", "ccd"])); // both one edit away
    }
}
