using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Tests.Training;

namespace Mnemo.Tests.Evaluation;

public class CapacityTests
{
    [Fact]
    public void A_length_beyond_the_learned_table_is_refused_naming_both_sizes()
    {
        var config = TrainingHarness.TinyParity("scratchpad", 1) with { Model = TrainingHarness.TinyParity("scratchpad", 1).Model with { MaxPositions = 20 } };
        var setup = new RunSetup(config);
        using var model = setup.CreateModel();
        var evaluator = new LengthEvaluator(model, setup.Source, setup.Positions, config.Evaluation with { Lengths = [30] });
        var error = Assert.Throws<MnemoException>(() => evaluator.CheckCapacity(30));
        Assert.Contains("length 30 needs 63 positions", error.Message); // >>> + 30 bits + === + 30 parities + <eos>
        Assert.Contains("holds 20", error.Message);
        evaluator.CheckCapacity(8); // 19 positions: fits
    }

    [Theory]
    [InlineData("sinusoidal")]
    [InlineData("rope")]
    [InlineData("alibi")]
    [InlineData("none")]
    public void Schemes_without_a_table_take_any_length(string scheme)
    {
        var setup = new RunSetup(TrainingHarness.TinyParity("scratchpad", 1, scheme));
        using var model = setup.CreateModel();
        new LengthEvaluator(model, setup.Source, setup.Positions, setup.Config.Evaluation).CheckCapacity(500);
    }
}
