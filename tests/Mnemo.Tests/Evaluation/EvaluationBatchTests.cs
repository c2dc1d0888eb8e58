using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Tests.Training;
using Mnemo.Training;

namespace Mnemo.Tests.Evaluation;

/// <summary>evaluation.batch_size is a speed setting only: every example is decoded the same, alone or in any
/// batch (left padding never reaches a real token), and draws its positions in the same order.</summary>
public class EvaluationBatchTests
{
    [Fact]
    public void Accuracy_is_identical_at_every_evaluation_batch_size()
    {
        var config = TrainingHarness.TinyParity("scratchpad", 60, scheme: "rope");
        config = config with { Training = config.Training with { Positions = Mnemo.Data.PositionMode.Randomized, PositionRange = 64 } };
        var setup = new RunSetup(config);
        using var model = setup.CreateModel();
        new Trainer(model, setup.Source, config.Training, setup.Positions, config.DataSeed).Train(); // a model that gets some right, some wrong

        LengthResult At(int batch, int length) =>
            new LengthEvaluator(model, setup.Source, setup.Positions, config.Evaluation with { ExamplesPerLength = 32, BatchSize = batch }).Evaluate(length);
        foreach (int length in new[] { 5, 9 })
        {
            var whole = At(32, length);
            Assert.Equal(whole, At(5, length));
            Assert.Equal(whole, At(1, length));
        }
    }
}
