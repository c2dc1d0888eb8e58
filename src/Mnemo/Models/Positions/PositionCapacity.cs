namespace Mnemo.Models.Positions;

/// <summary>The one rule for whether a sequence fits a model's positions. A sequence whose largest position
/// id is p needs p + 1 positions (its extent); a scheme with a capacity (a learned table) holds extents up
/// to it, a scheme without one holds any.</summary>
public static class PositionCapacity
{
    /// <param name="capacity">See <see cref="PositionalSchemeKind.Capacity"/>; null: unbounded.</param>
    public static bool Fits(long? capacity, int extent) => capacity is not { } held || extent <= held;

    /// <summary>Throws a <see cref="MnemoException"/> with <paramref name="refusal"/>(capacity) unless the
    /// extent fits: each caller names its own setting and remedy.</summary>
    public static void Require(long? capacity, int extent, Func<long, string> refusal)
    {
        if (capacity is { } held && extent > held) throw new MnemoException(refusal(held));
    }
}
