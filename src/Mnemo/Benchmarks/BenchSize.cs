using Mnemo.Models;
using Mnemo.Runtime;

namespace Mnemo.Benchmarks;

/// <summary>A model size the benchmark measures. All sizes: tied embeddings, MLP width 4 × d, no dropout (the
/// project's defaults for models trained from scratch); a vocabulary of 256, learned positions and the
/// benchmark's batch of fixed-length sequences unless the size says otherwise (<c>quickstart</c>, <c>paper</c>:
/// the models of experiment files as they train; tests check them against the files).</summary>
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

    /// <summary>Token ids of the model (rows of the tied embedding and output head).</summary>
    public int VocabSize { get; init; } = Vocabulary;

    /// <summary>Kernel width of the short convolution before each attention layer (<see cref="ModelConfig.ShortConv"/>); 0: none.</summary>
    public int ShortConv { get; init; }

    /// <summary>Attention logit scaling (<see cref="ModelConfig.AttentionScaling"/>) and its base for <c>logn</c>.</summary>
    public AttentionScaling AttentionScaling { get; init; } = AttentionScaling.None;

    /// <inheritdoc cref="ModelConfig.LognBase"/>
    public int LognBase { get; init; }

    /// <summary>The default vocabulary: byte-sized, as a general-purpose model's would be.</summary>
    public const int Vocabulary = 256;

    /// <summary>Rows of the learned position table: enough for the 250-token decoding benchmark.</summary>
    public const int MaxPositions = 256;

    public static readonly BenchSize Tiny = new("tiny", 2, 64, 4);
    public static readonly BenchSize Small = new("small", 4, 128, 4);
    public static readonly BenchSize Base = new("base", 4, 256, 4);

    // The two experiment sizes: the model section, training.batch_size and training.position_range of the file,
    // the largest vocabulary of its trials, and sequence lengths from the shortest of any of its formats at
    // training.min_length to the longest at training.max_length (input tokens: prompt + target, the end token
    // predicted). Benchmarks must run without the repository's files, so the values are written here;
    // ExperimentBenchSizeTests derives them from the files through the real formats and fails when they differ.

    /// <summary>The model of experiments/quickstart.yaml as it trains: d=128, 2 layers, 4 heads, MLP 512, a short
    /// convolution of width 4, batch 32, randomized rotary positions from 0..98, parity of 1–8 bits in its
    /// formats (scratchpad, anchors with a pool of 32).</summary>
    public static readonly BenchSize Quickstart = new("quickstart", 2, 128, 4)
    {
        Scheme = "rope", ShortConv = 4, Batch = 32, Lengths = (QuickstartShortest, QuickstartLongest), PositionRange = 99,
        VocabSize = QuickstartVocabulary, WarmupSteps = VariableLengthWarmup, TimedSteps = VariableLengthTimed,
    };

    /// <summary>The model of experiments/paper-parity.yaml as it trains: the quickstart's shape with LogN-Scaling
    /// above 83 keys, batch 32, randomized rotary positions from 0..242, parity of 10–20 bits in its formats
    /// (scratchpad, interleaved, anchors with a pool of 64; forced or not).</summary>
    public static readonly BenchSize Paper = new("paper", 2, 128, 4)
    {
        Scheme = "rope", ShortConv = 4, AttentionScaling = AttentionScaling.Logn, LognBase = 83,
        Batch = 32, Lengths = (PaperShortest, PaperLongest), PositionRange = 243, VocabSize = PaperVocabulary,
        WarmupSteps = VariableLengthWarmup, TimedSteps = VariableLengthTimed,
    };

    // Each step of the two sizes above draws its own length, the step time varies 2x with it, and every new padded
    // length is a new shape for MKL and oneDNN: 20 timed steps read 9,346 tokens/s where 200 after 40 read
    // 11,479-11,531 for the same build (docs/performance.md, "Where a one-thread step goes").
    private const int VariableLengthWarmup = 40, VariableLengthTimed = 200;

    private const int QuickstartShortest = 4, QuickstartLongest = 34, QuickstartVocabulary = 38;
    private const int PaperShortest = 22, PaperLongest = 82, PaperVocabulary = 70;

    /// <summary>The sizes <c>mnemo bench</c> runs by default.</summary>
    public static IReadOnlyList<BenchSize> All { get; } = [Tiny, Small, Base];

    /// <summary>Every size <see cref="Parse"/> knows.</summary>
    public static IReadOnlyList<BenchSize> Known { get; } = [Tiny, Small, Base, Quickstart, Paper];

    /// <summary>Sequences per batch under <paramref name="options"/>.</summary>
    public int BatchFor(BenchOptions options) => Batch ?? options.Batch;

    /// <summary>Untimed training steps before the clock starts, unless the options give them.</summary>
    public int WarmupSteps { get; init; } = 3;

    /// <summary>Timed training steps, unless the options give them.</summary>
    public int TimedSteps { get; init; } = 20;

    /// <summary>The warm-up and timed steps this size runs: the options' when given, else its own.</summary>
    public (int Warmup, int Timed) StepsFor(BenchOptions options) => (options.WarmupSteps ?? WarmupSteps, options.TimedSteps ?? TimedSteps);

    /// <summary>Tokens per sequence under <paramref name="options"/>: the mean of <see cref="Lengths"/> when
    /// they vary (the T of the FLOP count), else the benchmark's sequence.</summary>
    public int SequenceFor(BenchOptions options) => Lengths is { } l ? (l.Min + l.Max) / 2 : options.Sequence;

    public int MlpWidth => 4 * DModel;

    public ModelConfig Model => new()
    {
        Layers = Layers, DModel = DModel, Heads = Heads, MlpWidth = MlpWidth,
        Dropout = 0.0, TieEmbeddings = true, Scheme = Scheme, MaxPositions = MaxPositions,
        ShortConv = ShortConv, AttentionScaling = AttentionScaling, LognBase = LognBase,
    };

    /// <summary>A freshly initialized model of this size, deterministic for <paramref name="seed"/>.</summary>
    public TransformerLM CreateModel(int seed) => TorchRuntime.Seeded(seed, () => new TransformerLM(Model, VocabSize, MaxPositions));

    public static BenchSize Parse(string name) =>
        Known.FirstOrDefault(s => s.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new MnemoException(BenchOptions.Inputs.Sizes, $"unknown size '{name}'{Spelling.Suggest(name.Trim(), Known.Select(s => s.Name))} (known: {string.Join(", ", Known.Select(s => s.Name))})");
}
