using Mnemo.Data;
using Mnemo.Tokens;

namespace Mnemo.Evaluation;

/// <summary>The evaluation examples of one length. They depend only on the evaluation seed and the
/// length, so every model of an experiment is tested on the same ones.</summary>
public static class EvaluationSet
{
    public static List<EncodedExample> Examples(ExampleSource source, EvaluationConfig config, int length)
    {
        var rng = new Random(StableSeed.Of(config.Seed, length));
        return Enumerable.Range(0, config.ExamplesPerLength).Select(_ => source.Draw(rng, length)).ToList();
    }

    /// <summary>Tokens of the longest evaluation sequence of this length (addition examples of one
    /// length differ in size, so no single example stands for all).</summary>
    public static int LongestSequence(ExampleSource source, EvaluationConfig config, int length) =>
        Examples(source, config, length).Max(e => e.Length);
}
