namespace Mnemo.Models;

/// <summary>Shape of a decoder-only pre-LayerNorm transformer.</summary>
/// <param name="Scheme">Positional scheme: learned, sinusoidal, rope, alibi or none.</param>
/// <param name="MaxPositions">Size of the learned position table; 0 = sized by the experiment to cover
/// its longest evaluation sequence (rows never reached in training stay at their random init: that is
/// part of the phenomenon under study).</param>
/// <param name="RotaryFraction">Share of each head's dimensions that rope rotates (GPT-NeoX: 0.25).</param>
public sealed record ModelConfig
{
    public int Layers { get; init; } = 2;
    public int DModel { get; init; } = 128;
    public int Heads { get; init; } = 4;
    public int MlpWidth { get; init; } = 512;
    public double Dropout { get; init; } = 0.0;
    public bool TieEmbeddings { get; init; } = true;
    public string Scheme { get; init; } = "learned";
    public int MaxPositions { get; init; } = 0;
    public double RotaryFraction { get; init; } = 1.0;
    public double RotaryBase { get; init; } = 10000.0;


    public int HeadDim => DModel / Heads;

    public void Validate()
    {
        if (Layers < 1) throw new MnemoException($"model.layers: must be at least 1, got {Layers}");
        if (DModel < 1) throw new MnemoException($"model.d_model: must be at least 1, got {DModel}");
        if (Heads < 1) throw new MnemoException($"model.heads: must be at least 1, got {Heads}");
        if (DModel % Heads != 0) throw new MnemoException($"model.d_model: {DModel} is not divisible by model.heads = {Heads}");
        if (MlpWidth < 1) throw new MnemoException($"model.mlp_width: must be at least 1, got {MlpWidth}");
        if (Dropout is < 0 or >= 1) throw new MnemoException($"model.dropout: must be in [0, 1), got {Dropout}");
        if (MaxPositions < 0) throw new MnemoException($"model.max_positions: must be 0 (auto) or positive, got {MaxPositions}");
        if (RotaryFraction is <= 0 or > 1) throw new MnemoException($"model.rotary_fraction: must be in (0, 1], got {RotaryFraction}");
        if (RotaryBase <= 1) throw new MnemoException($"model.rotary_base: must be greater than 1, got {RotaryBase}");
        Positions.PositionalSchemes.Validate(Scheme);
    }
}
