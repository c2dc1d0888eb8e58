using System.Text.Json.Nodes;
using Mnemo.Models.Positions;

namespace Mnemo.Pretrained;

/// <summary>Rotary settings of a config.json in either layout transformers writes. v5: one
/// <c>rope_parameters</c> object {rope_type, rope_theta, partial_rotary_factor, …}. v4: the theta and the
/// rotated fraction as top-level keys (named per family: GPT-NeoX's rotary_emb_base / rotary_pct), and an
/// optional <c>rope_scaling</c> object {type or rope_type, factor, …}, which v5 still reads, in place of
/// rope_parameters. A value inside the object wins over the top-level key, as in v5's standardization.</summary>
/// <param name="Theta">The base θ of the frequencies θ^(−2i/r).</param>
/// <param name="Fraction">Share of each head's dimensions that is rotated.</param>
/// <param name="Scaling">Frequency scaling (linear or llama3), or null for plain rotary.</param>
public sealed record HfRope(double Theta, double Fraction, RopeScaling? Scaling = null)
{
    /// <summary>Plain rotary, and with <paramref name="scalable"/> (the Llama family) linear and llama3 scaling;
    /// every other variant (dynamic, yarn, longrope, …) is refused by name.</summary>
    public static HfRope Read(HfConfig c, string thetaKey, double thetaDefault, string fractionKey, double fractionDefault, bool scalable = false)
    {
        // v5 folds a non-null rope_scaling into rope_parameters, taking it over rope_parameters
        var (key, parameters) = c.Json["rope_scaling"] is JsonObject v4 ? ("rope_scaling", v4)
            : c.Json["rope_parameters"] is JsonObject v5 ? ("rope_parameters", v5)
            : ("rope_parameters", new JsonObject());
        foreach (var name in new[] { "rope_parameters", "rope_scaling" })
            if (c.Json[name] is { } node && node is not JsonObject)
                throw new MnemoException($"{c.Path}: {name} must be an object or null ({node.ToJsonString()})");
        if (parameters.Any(kv => kv.Value is JsonObject))
            throw new MnemoException($"{c.Path}: {key} holds settings per layer type ({string.Join(", ", parameters.Where(kv => kv.Value is JsonObject).Select(kv => kv.Key))}); only one rotary setting for every layer is supported");
        var type = c.StringIn(parameters, key, "rope_type") ?? c.StringIn(parameters, key, "type") ?? "default";
        RopeScaling? scaling = (type, scalable) switch
        {
            ("default", _) => null,
            (RopeScaling.Linear, true) => new RopeScaling(type, Required(c, parameters, key, "factor")),
            (RopeScaling.Llama3, true) => new RopeScaling(type, Required(c, parameters, key, "factor"), Required(c, parameters, key, "low_freq_factor"),
                Required(c, parameters, key, "high_freq_factor"), Required(c, parameters, key, "original_max_position_embeddings")),
            _ => throw new MnemoException($"{c.Path}: {key}.rope_type '{type}' is not supported (only default{(scalable ? ", linear and llama3" : ": plain rotary without scaling")})"),
        };
        return new HfRope(
            c.DoubleIn(parameters, key, "rope_theta") ?? c.Double(thetaDefault, thetaKey),
            c.DoubleIn(parameters, key, "partial_rotary_factor") ?? c.Double(fractionDefault, fractionKey),
            scaling);
    }

    private static double Required(HfConfig c, JsonObject parameters, string key, string name) =>
        c.DoubleIn(parameters, key, name) ?? throw new MnemoException($"{c.Path}: {key} of type '{c.StringIn(parameters, key, "rope_type") ?? c.StringIn(parameters, key, "type")}' has no {name}");
}
