using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Tests.Models;
using Mnemo.Tests.Training;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Tests.Evaluation;

[Collection(LearningCollection.Name)]
public class GreedyDecoderTests
{
    public GreedyDecoderTests() => LearningCollection.Prepare();

    [Theory]
    [MemberData(nameof(TinyModels.Schemes), MemberType = typeof(TinyModels))]
    public void Decoding_with_the_cache_gives_the_tokens_of_decoding_without_it(string scheme)
    {
        var setup = new RunSetup(TrainingHarness.TinyParity("anchors", 1, scheme));
        using var model = TinyModels.Create(scheme, vocab: setup.Vocabulary.Count);
        var rng = new Random(3);
        // mixed prompt lengths exercise the left padding
        var examples = new[] { 2, 5, 3, 7 }.Select(n => setup.Source.Draw(rng, n)).ToList();
        var positions = examples.Select(e => Enumerable.Range(0, e.Length).ToArray()).ToList();
        var cached = new GreedyDecoder(model, useCache: true).Decode(examples, positions);
        var uncached = new GreedyDecoder(model, useCache: false).Decode(examples, positions);
        for (int i = 0; i < examples.Count; i++)
        {
            Assert.Equal(uncached[i].Tokens, cached[i].Tokens);
            Assert.Equal(uncached[i].Ended, cached[i].Ended);
            Assert.NotEmpty(cached[i].Tokens);
        }
    }

    [Fact]
    public void Left_padding_does_not_change_what_a_prompt_decodes_to()
    {
        var setup = new RunSetup(TrainingHarness.TinyParity("scratchpad", 1, "rope"));
        using var model = TinyModels.Create("rope", vocab: setup.Vocabulary.Count);
        var rng = new Random(4);
        var shortOne = setup.Source.Draw(rng, 2);
        var longOne = setup.Source.Draw(rng, 9);
        int[] Pos(Mnemo.Tokens.EncodedExample e) => Enumerable.Range(0, e.Length).ToArray();
        var decoder = new GreedyDecoder(model);
        var alone = decoder.Decode([shortOne], [Pos(shortOne)]);
        var padded = decoder.Decode([shortOne, longOne], [Pos(shortOne), Pos(longOne)]);
        Assert.Equal(alone[0].Tokens, padded[0].Tokens);
    }

    [Fact]
    public void Teacher_forced_exact_match_agrees_with_greedy_decoding()
    {
        // a half-trained model gets some examples right and some wrong: both measures must agree on each
        var setup = new RunSetup(TrainingHarness.TinyParity("anchors", steps: 150) with
        {
            FormatOptions = new Mnemo.Formats.FormatOptions { AnchorPool = 16, Forced = true },
        });
        using var model = setup.CreateModel();
        new Trainer(model, setup.Source, setup.Config.Training with { StopAfterPerfectChecks = 0 }, setup.Positions, 0).Train();
        var rng = new Random(9);
        var examples = Enumerable.Range(0, 64).Select(i => setup.Source.Draw(rng, 3 + i % 4)).ToList();
        var positions = examples.Select(e => Enumerable.Range(0, e.Length).ToArray()).ToList();
        var decoded = new GreedyDecoder(model).Decode(examples, positions);
        int agree = 0, right = 0;
        using var _ = no_grad();
        for (int i = 0; i < examples.Count; i++)
        {
            using var batch = new Batch([examples[i]], [positions[i]]);
            var (exact, _) = TeacherForcedScore.Accuracy(TeacherForcedScore.Logits(model, batch), batch);
            if ((exact == 1.0) == decoded[i].Matches(examples[i])) agree++;
            if (decoded[i].Matches(examples[i])) right++;
        }
        Assert.Equal(examples.Count, agree);
        Assert.InRange(right, 1, examples.Count - 1);
    }
}
