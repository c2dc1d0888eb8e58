using Mnemo.Models;
using Mnemo.Runtime;

namespace Mnemo.Tests.Models;

/// <summary>Small models for tests, one per positional scheme.</summary>
public static class TinyModels
{
    public static readonly TheoryData<string> Schemes = new(Mnemo.Models.Positions.PositionalSchemes.Names);

    /// <summary>The schemes without an attention bias: only these can take the fused kernel's own causal mask.</summary>
    public static readonly TheoryData<string> SchemesWithoutBias = new(Mnemo.Models.Positions.PositionalSchemes.Names.Where(s => s != "alibi"));

    public static TransformerLM Create(string scheme, int vocab = 11, int maxPositions = 64, int seed = 1) =>
        TorchRuntime.Seeded(seed, () => new TransformerLM(
            new ModelConfig { Layers = 2, DModel = 32, Heads = 4, MlpWidth = 64, Scheme = scheme, RotaryFraction = 0.5 },
            vocab, maxPositions));
}
