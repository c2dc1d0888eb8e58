using Mnemo.Models;

namespace Mnemo.Benchmarks;

/// <summary>A model size the benchmark measures. All sizes: vocabulary 256, tied embeddings, MLP width 4 × d,
/// no dropout (the project's defaults for models trained from scratch); learned positions and the
/// benchmark's batch of fixed-length sequences unless the size says otherwise (<c>quickstart</c>).</summary>
public sealed record BenchSize(string Name, int Layers, int DModel, int Heads)
{
    /// <summary>Positional scheme of the model.</summary>
    public string Scheme { get; init; } = "learned";

    /// <summary>Sequences per training batch; null: <see cref="BenchOptions.Batch"/>.</summary>
    public int? Batch { get; init; }

    /// <summary>Tokens per training sequence, drawn uniformly from Min..Max for each sequence (batches are
    /// right-padded to their longest); null: every sequence <see cref="BenchOptions.Sequence"/> tokens.</summary>
    public (int Min, int Max)? Lengths { get; init; }

    /// <summary>Randomized positions: each sequence's position ids an ordered draw from 0..range−1, as
    /// training does (<see cref="Data.PositionSampler"/>); null: 0, 1, ….</summary>
    public int? PositionRange { get; init; }

    public const int Vocabulary = 256;

    /// <summary>Rows of the learned position table: enough for the 250-token decoding benchmark.</summary>
    public const int MaxPositions = 256;

    public static readonly BenchSize Tiny = new("tiny", 2, 64, 4);
    public static readonly BenchSize Small = new("small", 4, 128, 4);
    public static readonly BenchSize Base = new("base", 4, 256, 4);

    /// <summary>The model of experiments/quickstart.yaml as it trains: d=128, 2 layers, 4 heads, MLP 512,
    /// batch 32, randomized rotary positions from 0..98, parity in the anchors format of 1–8 bits
    /// (5–35 tokens per sequence).</summary>
    public static readonly BenchSize Quickstart = new("quickstart", 2, 128, 4)
    {
        Scheme = "rope", Batch = 32, Lengths = (5, 35), PositionRange = 99,
    };

    /// <summary>The sizes <c>mnemo bench</c> runs by default.</summary>
    public static IReadOnlyList<BenchSize> All { get; } = [Tiny, Small, Base];

    /// <summary>Every size <see cref="Parse"/> knows.</summary>
    public static IReadOnlyList<BenchSize> Known { get; } = [Tiny, Small, Base, Quickstart];

    /// <summary>Sequences per batch under <paramref name="options"/>.</summary>
    public int BatchFor(BenchOptions options) => Batch ?? options.Batch;

    /// <summary>Tokens per sequence under <paramref name="options"/>: the mean of <see cref="Lengths"/> when
    /// they vary (the T of the FLOP count), else the benchmark's sequence.</summary>
    public int SequenceFor(BenchOptions options) => Lengths is { } l ? (l.Min + l.Max) / 2 : options.Sequence;

    public int MlpWidth => 4 * DModel;

    public ModelConfig Model => new()
    {
        Layers = Layers, DModel = DModel, Heads = Heads, MlpWidth = MlpWidth,
        Dropout = 0.0, TieEmbeddings = true, Scheme = Scheme, MaxPositions = MaxPositions,
    };

    public static BenchSize Parse(string name) =>
        Known.FirstOrDefault(s => s.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new MnemoException(BenchOptions.Inputs.Sizes, $"unknown size '{name}' (known: {string.Join(", ", Known.Select(s => s.Name))})");
}
