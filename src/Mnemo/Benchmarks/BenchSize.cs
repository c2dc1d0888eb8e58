using Mnemo.Models;

namespace Mnemo.Benchmarks;

/// <summary>A model size the benchmark measures. All sizes: vocabulary 256, learned positions, tied
/// embeddings, MLP width 4 × d, no dropout (the project's defaults for models trained from scratch).</summary>
public sealed record BenchSize(string Name, int Layers, int DModel, int Heads)
{
    public const int Vocabulary = 256;

    /// <summary>Rows of the learned position table: enough for the 250-token decoding benchmark.</summary>
    public const int MaxPositions = 256;

    public static readonly BenchSize Tiny = new("tiny", 2, 64, 4);
    public static readonly BenchSize Small = new("small", 4, 128, 4);
    public static readonly BenchSize Base = new("base", 4, 256, 4);

    public static IReadOnlyList<BenchSize> All { get; } = [Tiny, Small, Base];

    public int MlpWidth => 4 * DModel;

    public ModelConfig Model => new()
    {
        Layers = Layers, DModel = DModel, Heads = Heads, MlpWidth = MlpWidth,
        Dropout = 0.0, TieEmbeddings = true, Scheme = "learned", MaxPositions = MaxPositions,
    };

    public static BenchSize Parse(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new MnemoException(BenchOptions.Inputs.Sizes, $"unknown size '{name}' (known: {string.Join(", ", All.Select(s => s.Name))})");
}
