namespace Mnemo.Models.Positions;

/// <summary>The one place that maps a scheme name to its class.</summary>
public static class PositionalSchemes
{
    public static readonly IReadOnlyList<string> Names = ["learned", "sinusoidal", "rope", "alibi", "none"];

    public static void Validate(string name)
    {
        if (!Names.Contains(name))
            throw new MnemoException($"model.scheme: unknown positional scheme '{name}' (allowed: {string.Join(", ", Names)})");
    }

    public static PositionalScheme Create(ModelConfig config, int maxPositions) => config.Scheme switch
    {
        "learned" => new LearnedPositions(maxPositions, config.DModel),
        "sinusoidal" => new SinusoidalPositions(config.DModel),
        "rope" => new RotaryEmbedding(config.HeadDim, config.RotaryFraction, config.RotaryBase, config.Llama?.RopeScaling),
        "alibi" => new AlibiBias(config.Heads),
        "none" => new NoPositions(),
        _ => throw new MnemoException($"model.scheme: unknown positional scheme '{config.Scheme}' (allowed: {string.Join(", ", Names)})"),
    };
}
