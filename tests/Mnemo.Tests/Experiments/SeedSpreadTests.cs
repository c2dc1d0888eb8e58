using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

public sealed class SeedSpreadTests
{
    // Hand-computed from (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with z = 1.96:
    // 50/100: centre 0.5, half 1.96·√(0.0025 + 0.00009604)/1.038416 = 0.09617; 0/100: 0 to 2·0.019208/1.038416 = 0.03699;
    // 16/16: 16/(16 + 3.8416) = 0.80639 to 1; 3/20: 0.05237 to 0.36042.
    [Theory]
    [InlineData(0.5, 100, 0.40383, 0.59617)]
    [InlineData(0.0, 100, 0.0, 0.03699)]
    [InlineData(1.0, 16, 0.80639, 1.0)]
    [InlineData(0.15, 20, 0.05237, 0.36042)]
    public void The_wilson_interval_matches_the_hand_computed_bounds(double p, int n, double low, double high)
    {
        var (l, h) = SeedSpread.Wilson(p, n);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void One_seed_is_drawn_with_its_wilson_interval_and_several_with_their_min_max()
    {
        ResultRow Row(int seed, double accuracy, int examples) => new("parity", "anchors", "rope", seed, 12, accuracy, examples, 1, double.NaN, 1, 8, 10, 1, 100);
        var one = SeedSpread.Of([Row(0, 0.5, 100)]);
        Assert.Equal(SeedSpread.Wilson(0.5, 100), one.Interval);
        var three = SeedSpread.Of([Row(0, 0.5, 100), Row(1, 0.8, 200), Row(2, 0.7, 200)]);
        Assert.Equal((0.5, 0.8), three.Interval);
        Assert.Equal(100, three.Examples);
        Assert.Null(SeedSpread.Of([0.5]).Interval); // no count, no interval
    }
}
