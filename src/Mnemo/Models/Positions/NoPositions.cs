namespace Mnemo.Models.Positions;

/// <summary>NoPE: no positional information; the causal mask alone tells tokens apart.</summary>
public sealed class NoPositions() : PositionalScheme(nameof(NoPositions));
