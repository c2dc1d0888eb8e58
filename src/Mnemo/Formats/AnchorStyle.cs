namespace Mnemo.Formats;

/// <summary>How anchors are chosen (Figure 6 of the paper: each variant breaks one property of the
/// random aligned anchors).</summary>
public enum AnchorStyle
{
    /// <summary>Distinct random anchors per example; the target repeats the anchor of the input item it reads.</summary>
    Random,
    /// <summary>Anchors are the indices 1, 2, 3, …: equivalent to absolute positions.</summary>
    Numeric,
    /// <summary>One fixed anchor <c>#</c> everywhere.</summary>
    Constant,
    /// <summary>Random anchors in the prompt, a second disjoint random sample in the target.</summary>
    NonAligned,
    /// <summary>A fixed list M0..M{c-1} cycled through, the same in every example.</summary>
    Cyclic,
}
