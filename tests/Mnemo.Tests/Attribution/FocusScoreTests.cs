using Mnemo.Attribution;
using Mnemo.Formats;

namespace Mnemo.Tests.Attribution;

public class FocusScoreTests
{
    // context a b c d; outputs c (column 0) and d (column 1)
    private static readonly AttributionMap Map = new("grad-x-input", ["a", "b", "c", "d"], 2, new double[,]
    {
        { 1, 2 },
        { -3, 2 },
        { 0, -4 },
        { 0, 0 },
    });

    private static readonly NeededPositions Needs = new([1, 2, 1, 2], [[1], [2]]);

    [Fact]
    public void Shares_are_absolute_values_normalized_per_column()
    {
        var shares = Map.Shares();
        Assert.Equal([0.25, 0.75, 0, 0], Enumerable.Range(0, 4).Select(i => shares[i, 0]));
        Assert.Equal([0.25, 0.25, 0.5, 0], Enumerable.Range(0, 4).Select(i => shares[i, 1]));
    }

    [Fact]
    public void Focus_averages_the_needed_share_inside_and_beyond_the_trained_length()
    {
        // output c is step 1 (inside a trained length of 1) and needs b: 3/4; output d is step 2 and needs c: 4/8
        var focus = FocusScore.Compute(Map, Needs, [false, false], trainedLength: 1);
        Assert.Equal(new FocusScore(0.75, 1, 0.5, 1), focus);
        Assert.Equal(0.625, focus.All);
    }

    [Fact]
    public void Forced_outputs_are_not_scored()
    {
        var focus = FocusScore.Compute(Map, Needs, [false, true], trainedLength: 1);
        Assert.Equal(0, focus.OutsideCount);
        Assert.True(double.IsNaN(focus.Outside));
        Assert.Equal(0.75, focus.All);
    }
}
