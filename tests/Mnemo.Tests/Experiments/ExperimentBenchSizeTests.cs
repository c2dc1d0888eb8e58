using Mnemo.Benchmarks;
using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

/// <summary>The benchmark's experiment sizes are the models their files train: derived here from the files
/// through the real task, formats and vocabularies, so a change to either side fails until both agree.</summary>
public class ExperimentBenchSizeTests
{
    [Theory]
    [InlineData("quickstart", "quickstart.yaml")]
    [InlineData("paper", "paper-parity.yaml")]
    public void A_bench_size_is_the_model_its_experiment_file_trains(string size, string file)
    {
        var experiment = ConfigFiles.LoadExperiment(Repository.File("experiments", file));
        var setups = experiment.Trials().Select(t => new RunSetup(t)).ToList();
        var bench = BenchSize.Parse(size);

        // every trial trains the same architecture: the size's, with the table the file sizes itself
        foreach (var setup in setups) Assert.Equal(setup.Config.Model, bench.Model with { MaxPositions = setup.Config.Model.MaxPositions });
        var training = setups[0].Config.Training;
        Assert.All(setups, s => Assert.Equal(training, s.Config.Training));
        Assert.Equal(training.BatchSize, bench.BatchFor(new BenchOptions()));
        Assert.Equal(training.PositionRange, bench.PositionRange);
        Assert.Equal(Mnemo.Data.PositionMode.Randomized, training.Positions);
        Assert.Equal(setups.Max(s => s.Vocabulary.Count), bench.VocabSize);
        // input tokens of a training sequence: prompt + target (the end token is predicted, not read)
        int Tokens(RunSetup s, int length, Func<IEnumerable<int>, int> pick)
        {
            var rng = new Random(0);
            return pick(Enumerable.Range(0, 256).Select(_ => s.Source.Draw(rng, length).Length - 1));
        }
        var derived = (setups.Min(s => Tokens(s, training.MinLength, Enumerable.Min)), setups.Max(s => Tokens(s, training.MaxLength, Enumerable.Max)));
        Assert.Equal(derived, bench.Lengths);
    }

    [Fact]
    public void The_paper_size_trains_with_plain_attention_up_to_its_longest_sequence()
    {
        // logn_base is the longest training sequence with its end token: no training query sees more keys, so
        // LogN-Scaling never changes a training step (its factor is computed, and is 1)
        Assert.Equal(BenchSize.Paper.LognBase, BenchSize.Paper.Lengths!.Value.Max + 1);
    }
}
