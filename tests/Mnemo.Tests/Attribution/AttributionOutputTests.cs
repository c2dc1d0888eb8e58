using Mnemo.Attribution;

namespace Mnemo.Tests.Attribution;

public class AttributionOutputTests
{
    [Fact]
    public void Csv_has_a_row_per_context_token_and_a_column_per_output_token()
    {
        var map = new AttributionMap("grad-x-input", [">>>", "a,b", "===", "1"], 3, new double[,] { { 0.5 }, { -0.25 }, { 1 }, { 0 } });
        Assert.Equal("index,token,3:1\n0,>>>,0.5\n1,\"a,b\",-0.25\n2,===,1\n3,1,0\n", AttributionCsv.Format(map));
    }

    [Fact]
    public void Trained_length_marks_fall_where_each_stretch_leaves_the_trained_length()
    {
        // >>> b1 b2 b3 === p1 p2 p3, trained on 2: bit 3 at 3, parity 3 at 7
        int[] steps = [0, 1, 2, 3, 0, 1, 2, 3];
        Assert.Equal([3], TrainedLengthMarks.Find(steps, 2, 0, 5));
        Assert.Equal([7], TrainedLengthMarks.Find(steps, 2, 5, 8));
        Assert.Empty(TrainedLengthMarks.Find(steps, 3, 0, 8));
    }

    [Fact]
    public void Axis_labels_thin_out_beyond_sixty_tokens()
    {
        Assert.Equal(60, AxisLabels.Shown(60).Length);
        Assert.Equal([0, 3, 6], AxisLabels.Shown(61).Take(3)); // every 2nd would label one kind of token only
        Assert.Equal(54, AxisLabels.Shown(162).Length); // every 3rd
    }
}
