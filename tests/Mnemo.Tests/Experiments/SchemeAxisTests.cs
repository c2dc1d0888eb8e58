using Mnemo.Data;
using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

public class SchemeAxisTests
{
    [Theory]
    [InlineData("rope", "rope", null)]
    [InlineData("randomized", "learned", PositionMode.Randomized)]
    [InlineData("randomized-rope", "rope", PositionMode.Randomized)]
    [InlineData("offset-learned", "learned", PositionMode.Offset)]
    public void Scheme_names_carry_an_optional_position_mode(string name, string scheme, PositionMode? mode)
    {
        Assert.Equal((scheme, mode), SchemeAxis.Parse(name));
    }

    [Theory]
    [InlineData("xpos")]
    [InlineData("randomized-alibi")]
    [InlineData("offset-none")]
    public void Impossible_names_are_refused(string name)
    {
        var error = Assert.Throws<MnemoException>(() => SchemeAxis.Parse(name));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void A_sweep_over_schemes_gives_one_trial_per_scheme_with_its_label()
    {
        var c = ConfigFiles.ParseExperiment("""
            formats: [anchors]
            schemes: [learned, sinusoidal, rope, alibi, none, randomized-rope]
            format_options: {anchor_pool: 64}
            evaluation: {lengths: [8]}
            """, "s.yaml");
        Assert.Equal(["learned", "sinusoidal", "rope", "alibi", "none", "randomized-rope"], c.Trials().Select(t => t.SchemeLabel));
        Assert.Equal("anchors-randomized-rope-s0", c.Trials()[^1].RunName);
    }
}
