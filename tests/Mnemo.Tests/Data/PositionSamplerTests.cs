using Mnemo.Data;
using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Tests.Models;
using Mnemo.Tests.Training;
using Mnemo.Training;

namespace Mnemo.Tests.Data;

public class PositionSamplerTests
{
    private static void AssertAscendingWithin(int[] positions, int length, int range)
    {
        Assert.Equal(length, positions.Length);
        Assert.All(positions.Zip(positions.Skip(1)), p => Assert.True(p.First < p.Second));
        Assert.InRange(positions[0], 0, range - 1);
        Assert.InRange(positions[^1], 0, range - 1);
    }

    [Fact]
    public void Mixed_spread_draws_each_training_range_log_uniformly_between_the_length_and_the_range()
    {
        var sampler = new PositionSampler(PositionMode.Randomized, 1000, spread: PositionSpread.Mixed);
        var rng = new Random(5);
        var last = Enumerable.Range(0, 4000).Select(_ =>
        {
            var p = sampler.Sample(10, rng, training: true);
            AssertAscendingWithin(p, 10, 1000);
            return p[^1];
        }).ToList();
        // r is log-uniform on [10, 1000] and the largest of 10 draws from 0..r−1 is about r·10/11: below
        // 100 (r ≲ 110, probability ln(11)/ln(100) = 0.52) about half the time, below 20 (r ≲ 22: 0.17) often
        Assert.InRange(last.Count(x => x < 100) / 4000.0, 0.47, 0.57);
        Assert.InRange(last.Count(x => x < 20) / 4000.0, 0.13, 0.21);
        Assert.Contains(last, x => x == 9);                                              // r = T: contiguous
        Assert.Contains(last, x => x > 900);
    }

    [Fact]
    public void Fixed_spread_draws_from_the_whole_range()
    {
        var sampler = new PositionSampler(PositionMode.Randomized, 1000);
        var rng = new Random(5);
        var last = Enumerable.Range(0, 2000).Select(_ => sampler.Sample(10, rng, training: true)[^1]).ToList();
        Assert.True(last.Count(x => x < 500) < 20);                                      // P(all 10 below 500) ≈ 0.001
    }

    [Fact]
    public void Evaluation_draws_the_same_positions_under_either_spread()
    {
        var (a, b) = (new Random(8), new Random(8));
        var fixedSpread = new PositionSampler(PositionMode.Randomized, 300);
        var mixed = new PositionSampler(PositionMode.Randomized, 300, spread: PositionSpread.Mixed);
        for (int i = 0; i < 50; i++)
            Assert.Equal(fixedSpread.Sample(40, a, training: false), mixed.Sample(40, b, training: false));
    }

    [Fact]
    public void A_sequence_longer_than_the_range_is_refused_and_one_that_fills_it_is_contiguous()
    {
        var sampler = new PositionSampler(PositionMode.Randomized, 16);
        Assert.Equal(Enumerable.Range(0, 16), sampler.Sample(16, new Random(1), training: true));
        var error = Assert.Throws<MnemoException>(() => sampler.Sample(35, new Random(1), training: true));
        Assert.Equal("training.position_range: a sequence of 35 tokens does not fit in 16 positions; it needs a range of at least 35", error.Message);
        // sequential positions at evaluation draw nothing, so any length is fine there
        var sequentialEval = new PositionSampler(PositionMode.Randomized, 16, sequentialAtEvaluation: true);
        Assert.Equal(Enumerable.Range(0, 35), sequentialEval.Sample(35, new Random(1), training: false));
    }

    [Fact]
    public void A_run_whose_range_cannot_hold_its_sequences_is_refused_up_front()
    {
        // 16-bit anchors: >>> + 16 × (anchor, bit) + === + 16 × (anchor, parity) + <eos> = 67 tokens
        var config = TrainingHarness.TinyParity("anchors", 1, "rope") with
        {
            FormatOptions = new Mnemo.Formats.FormatOptions { AnchorPool = 32 },
            Training = TrainingHarness.TinyParity("anchors", 1).Training with { Positions = PositionMode.Randomized, PositionRange = 40 },
            Evaluation = new EvaluationConfig { Lengths = [4, 16] },
        };
        var error = Assert.Throws<MnemoException>(() => new RunSetup(config));
        Assert.Equal("training.position_range: 40 is shorter than the 67-token sequences of evaluation.lengths up to 16; randomized positions need a range of at least 67", error.Message);
        var training = config with { Training = config.Training with { MaxLength = 16 }, Evaluation = new EvaluationConfig { Lengths = [4] } };
        error = Assert.Throws<MnemoException>(() => new RunSetup(training));
        Assert.Equal("training.position_range: 40 is shorter than the 67-token sequences of training sequences of up to 16; randomized positions need a range of at least 67", error.Message);
        // attribution lengths are refused before training, like evaluation lengths
        var fits = new RunSetup(config with { Training = config.Training with { PositionRange = 67 } });
        error = Assert.Throws<MnemoException>(() => TrialRunner.Preflight(fits, [24]));
        Assert.Equal("training.position_range: 67 is shorter than the 99-token sequences of attribution.lengths up to 24; randomized positions need a range of at least 99", error.Message);
        TrialRunner.Preflight(fits, [16]);
        // evaluated on 0..T−1, long tests need no range; training still does
        new RunSetup(config with { Evaluation = new EvaluationConfig { Lengths = [4, 16], SequentialPositions = true } });
    }

    [Theory]
    [InlineData(PositionMode.Randomized, "randomized")]
    [InlineData(PositionMode.Offset, "offset")]
    public void Drawn_positions_need_a_stated_range_never_one_that_follows_the_evaluation_lengths(PositionMode mode, string name)
    {
        var config = TrainingHarness.TinyParity("scratchpad", 1, "rope") with
        {
            Training = TrainingHarness.TinyParity("scratchpad", 1).Training with { Positions = mode },
            Evaluation = new EvaluationConfig { Lengths = [4, 20] },
        };
        var error = Assert.Throws<MnemoException>(() => new RunSetup(config));
        // >>> + 20 bits + === + 20 parities + <eos>
        Assert.Equal($"training.position_range: {name} positions need a stated range (the largest position id + 1), at least 43 here (the longest sequence trained or evaluated); it fixes the positions training sees, so it is set once, not derived from the evaluation lengths", error.Message);
    }

    [Fact]
    public void Mixed_spread_is_refused_for_positions_that_are_not_randomized()
    {
        var training = new TrainingConfig { Positions = PositionMode.Offset, PositionSpread = PositionSpread.Mixed };
        var error = Assert.Throws<MnemoException>(training.Validate);
        Assert.Equal("training.position_spread: mixed applies to randomized positions only, but training.positions is offset", error.Message);
    }

    [Fact]
    public void With_a_stated_range_training_and_a_shared_length_do_not_depend_on_the_evaluation_list()
    {
        RunSetup Setup(params int[] lengths) => new(TrainingHarness.TinyParity("anchors", 1, "rope") with
        {
            FormatOptions = new Mnemo.Formats.FormatOptions { AnchorPool = 40 },
            Training = TrainingHarness.TinyParity("anchors", 1).Training with { Positions = PositionMode.Randomized, PositionRange = 200, PositionSpread = PositionSpread.Mixed },
            Evaluation = new EvaluationConfig { Lengths = [.. lengths], ExamplesPerLength = 24 },
        });
        var (shortList, longList) = (Setup(4, 8), Setup(4, 8, 40));
        var (a, b) = (new Random(2), new Random(2));
        for (int i = 0; i < 20; i++)
            Assert.Equal(shortList.Positions.Sample(20, a, training: true), longList.Positions.Sample(20, b, training: true));
        using var model = TinyModels.Create("rope", vocab: shortList.Vocabulary.Count);
        var atEight = new LengthEvaluator(model, shortList.Source, shortList.Positions, shortList.Config.Evaluation).Evaluate(8);
        var sameEight = new LengthEvaluator(model, longList.Source, longList.Positions, longList.Config.Evaluation).Evaluate(8);
        Assert.Equal(atEight, sameEight);
    }
}
