namespace Mnemo.Models.Positions;

/// <summary>The dimensions a scheme's module is built for.</summary>
/// <param name="RopeScaling">Rotary frequency scaling of a Llama checkpoint; null: none.</param>
/// <param name="MaxPositions">Rows of a learned table (its capacity); other schemes ignore it.</param>
public sealed record SchemeDimensions(int DModel, int Heads, int HeadDim, double RotaryFraction, double RotaryBase, RopeScaling? RopeScaling,
    int MaxPositions);

/// <summary>A positional scheme as configs name it (<c>model.scheme</c>), with what the rest of the pipeline
/// asks of it before any model exists: whether it reads position ids as values, how many positions it holds,
/// and how its module is built. Obtained by <see cref="PositionalSchemes.Parse"/>, the one place that
/// checks a scheme name.</summary>
public sealed class PositionalSchemeKind
{
    private readonly Func<SchemeDimensions, PositionalScheme> create;

    internal PositionalSchemeKind(string name, bool readsPositionValues, bool hasTable, Func<SchemeDimensions, PositionalScheme> create)
    {
        Name = name;
        ReadsPositionValues = readsPositionValues;
        HasTable = hasTable;
        this.create = create;
    }

    public string Name { get; }

    /// <summary>The scheme computes with the position ids themselves (a table row, an encoding, a rotation
    /// angle), so it can take offset or randomized ids; alibi and none take only 0, 1, ….</summary>
    public bool ReadsPositionValues { get; }

    /// <summary>One trained row per position (learned): a model holds only as many positions as rows.</summary>
    public bool HasTable { get; }

    /// <summary>Largest position + 1 a model with this scheme can represent when built for
    /// <paramref name="maxPositions"/>, or null when unbounded.</summary>
    public long? Capacity(int maxPositions) => HasTable ? maxPositions : null;

    public PositionalScheme Create(SchemeDimensions dimensions) => create(dimensions);

    public override string ToString() => Name;
}

/// <summary>The one place that maps a scheme name to what it is.</summary>
public static class PositionalSchemes
{
    public static readonly IReadOnlyList<PositionalSchemeKind> All =
    [
        new("learned", readsPositionValues: true, hasTable: true, d => new LearnedPositions(d.MaxPositions, d.DModel)),
        new("sinusoidal", readsPositionValues: true, hasTable: false, d => new SinusoidalPositions(d.DModel)),
        new("rope", readsPositionValues: true, hasTable: false, d => new RotaryEmbedding(d.HeadDim, d.RotaryFraction, d.RotaryBase, d.RopeScaling)),
        new("alibi", readsPositionValues: false, hasTable: false, d => new AlibiBias(d.Heads)),
        new("none", readsPositionValues: false, hasTable: false, _ => new NoPositions()),
    ];

    public static readonly IReadOnlyList<string> Names = All.Select(k => k.Name).ToList();

    /// <summary>The schemes that take offset and randomized positions, as messages list them.</summary>
    public static string ReadingPositionValues => string.Join(", ", All.Where(k => k.ReadsPositionValues).Select(k => k.Name));

    /// <summary>The scheme called <paramref name="name"/>, or null.</summary>
    public static PositionalSchemeKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static PositionalSchemeKind Parse(string name) =>
        Find(name) ?? throw new MnemoException($"model.scheme: unknown positional scheme '{name}'{Spelling.Suggest(name, Names)} (allowed: {string.Join(", ", Names)})");
}
