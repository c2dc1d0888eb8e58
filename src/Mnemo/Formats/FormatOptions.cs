namespace Mnemo.Formats;

/// <summary>Orthogonal format options; each format reads the ones that apply to it and ignores the
/// others (an experiment shares one set of options between all its formats).</summary>
public sealed record FormatOptions
{
    /// <summary>Anchors stand only before items 1, 1+k, 1+2k, … (k ≥ 1).</summary>
    public int Spacing { get; init; } = 1;

    /// <summary>Environment forcing: the target's anchors (for <c>interleaved</c>: the copied input
    /// items) are supplied, never asked of the model.</summary>
    public bool Forced { get; init; }

    /// <summary>Cycle length of <c>anchors-cyclic</c>.</summary>
    public int Cycle { get; init; } = 8;

    /// <summary>Number of anchor tokens M0..M{Pool-1} (for <c>anchors-numeric</c>: the largest index).</summary>
    public int AnchorPool { get; init; } = 200;

    /// <summary>Addition: left-pad both operands with zeros to the longer one's digit count.</summary>
    public bool ZeroPad { get; init; }

    public void Validate()
    {
        if (Spacing < 1) throw new MnemoException(Inputs.Spacing, $"must be at least 1, got {Spacing}");
        if (AnchorPool < 1) throw new MnemoException(Inputs.AnchorPool, $"must be at least 1, got {AnchorPool}");
        if (Cycle < 1) throw new MnemoException(Inputs.Cycle, $"must be at least 1, got {Cycle}");
    }

    /// <summary>The options as errors name them: their config fields (a front end may show its own flags for them).</summary>
    public static class Inputs
    {
        public static readonly InputName Spacing = new("format_options.spacing"), AnchorPool = new("format_options.anchor_pool"),
            Cycle = new("format_options.cycle");
    }
}
