using Mnemo.Data;
using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Models.Positions;
using Mnemo.Tasks;
using Mnemo.Tokens;

namespace Mnemo.Attribution;

/// <summary>The sequence attribution explains: one problem of the requested length drawn from a seed,
/// rendered, then either decoded greedily (the model's own outputs, the environment's forced tokens
/// inserted as in evaluation) or teacher-forced (the correct target).</summary>
/// <param name="Context">Token ids of the prompt followed by the outputs.</param>
/// <param name="Positions">Position ids of <paramref name="Context"/>, drawn as evaluation draws them.</param>
/// <param name="Decoded">What greedy decoding produced; null when teacher-forced.</param>
public sealed record AttributionExample(
    ProblemInstance Instance, FormattedExample Formatted, EncodedExample Encoded,
    int[] Context, int[] Positions, Decoded? Decoded)
{
    public int PromptLength => Encoded.Prompt.Length;
    public bool TeacherForced => Decoded is null;

    public static AttributionExample Create(TransformerLM model, ExampleSource source, PositionSampler sampler, int length, int seed, bool teacherForced)
    {
        source.Format.CheckLength(length);
        var rng = new Random(seed);
        var instance = source.Task.Sample(rng, length);
        return Create(model, source, sampler, instance, rng, teacherForced);
    }

    /// <summary>The example of a given problem (e.g. one a user typed): rendered, its anchors and positions
    /// drawn from <paramref name="rng"/>, then decoded or teacher-forced.</summary>
    /// <param name="allowEmpty">Return a decoding with no output tokens instead of refusing it.</param>
    public static AttributionExample Create(TransformerLM model, ExampleSource source, PositionSampler sampler, ProblemInstance instance, Random rng,
        bool teacherForced, bool allowEmpty = false)
    {
        int length = instance.Length;
        source.Format.CheckLength(length);
        var formatted = source.Format.Render(instance, rng);
        var encoded = EncodedExample.From(formatted, source.Vocabulary);
        var positions = sampler.Sample(encoded.Length, rng, training: false); // prompt + target + end token
        CheckCapacity(model, positions, length);
        if (teacherForced)
            return new AttributionExample(instance, formatted, encoded, [.. encoded.Prompt, .. encoded.Target], positions[..^1], null);

        var decoded = new GreedyDecoder(model).Decode([encoded], [positions])[0];
        if (decoded.Tokens.Length == 0 && !allowEmpty)
            throw new NothingToAttributeException($"the model ends its answer at once on this length-{length} example, leaving no output to attribute (try {AttributionRequest.Inputs.TeacherForced})");
        int n = encoded.Prompt.Length + decoded.Tokens.Length;
        return new AttributionExample(instance, formatted, encoded, [.. encoded.Prompt, .. decoded.Tokens], positions[..n], decoded);
    }

    /// <summary>A position beyond the model's table would index past it: refuse with the reason.</summary>
    private static void CheckCapacity(TransformerLM model, int[] positions, int length)
    {
        int extent = positions.Max() + 1;
        if (!PositionCapacity.Fits(model.PositionCapacity, extent))
            throw new MnemoException(AttributionRequest.Inputs.Length,
                $"length {length} needs {extent} positions, but this model's {model.Config.Scheme} position table holds {model.PositionCapacity} (attribute a shorter length, or train with a larger model.max_positions or with this length in evaluation.lengths)");
    }
}

/// <summary>The model wrote no output to attribute (it ended its answer at once).</summary>
public sealed class NothingToAttributeException(FormattableString message) : MnemoException(null, message);
