using System.Text.Json.Serialization;

namespace Mnemo.Models;

/// <summary>Shape of a decoder-only pre-LayerNorm transformer.</summary>
/// <param name="Scheme">Positional scheme: learned, sinusoidal, rope, alibi or none.</param>
/// <param name="MaxPositions">Size of the learned position table; 0 = sized by the experiment to cover
/// its longest evaluation sequence (rows never reached in training get no gradient: they keep their random
/// init, shrunk only by AdamW's weight decay, which applies to every matrix; that is part of the phenomenon under study).</param>
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

    /// <summary>How attention logits are scaled: <c>none</c> or <c>ssmax</c> (Scalable-Softmax, see
    /// <see cref="Models.AttentionScaling"/>). Left out of config.json at its default, so earlier runs'
    /// configs and checkpoint identities stay as they were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public AttentionScaling AttentionScaling { get; init; } = AttentionScaling.None;

    /// <summary>With <c>attention_scaling: logn</c>: the number of keys up to which attention is plain (usually
    /// the longest training sequence); required there, unused otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LognBase { get; init; }

    /// <summary>Kernel width K of a causal depthwise convolution over token order before every attention layer
    /// (<see cref="ShortConvolution"/>, "Canon layers"); 0: none. It lets a layer read the previous K−1 tokens by
    /// their order whatever their position values. Left out of config.json at its default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ShortConv { get; init; }

    // Architecture options that pretrained checkpoints need (src/Mnemo/Pretrained). They are left out of
    // config.json at their defaults, so the run configs and checkpoint identities of from-scratch runs stay
    // exactly what they were before these options existed.

    /// <summary>A local Hugging Face checkpoint folder to fine-tune; its config.json then fixes the
    /// architecture (layers, widths, scheme, …) and these fields are filled in from it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pretrained { get; init; }

    /// <summary>With <see cref="Pretrained"/>: <c>added</c> (anchors are new tokens with new embedding rows)
    /// or <c>existing</c> (anchors are existing single-token words of the checkpoint's vocabulary).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AnchorTokens { get; init; }

    /// <summary>The tanh approximation of GELU (GPT-2's gelu_new, BLOOM) instead of the exact erf form.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool GeluTanh { get; init; }

    /// <summary>LayerNorm epsilon; null: 1e-5 (PyTorch's default).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LayerNormEps { get; init; }

    /// <summary>A LayerNorm right after the token embeddings (BLOOM's word_embeddings_layernorm).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmbeddingNorm { get; init; }

    /// <summary>x + attn(ln1(x)) + mlp(ln2(x)) instead of two sequential residual steps (GPT-NeoX).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ParallelResidual { get; init; }

    /// <summary>The Llama/Qwen block (RMSNorm, SwiGLU, grouped-query attention) instead of the GPT one; null: GPT.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LlamaBlock? Llama { get; init; }

    /// <summary>Widest short convolution: a few tokens back is what it is for; attention reads further.</summary>
    public const int MaxShortConv = 16;

    public const string AnchorsAdded = "added";
    public const string AnchorsExisting = "existing";

    public double Epsilon => LayerNormEps ?? 1e-5;
    public bool IsPretrained => !string.IsNullOrEmpty(Pretrained);

    public int HeadDim => Llama?.HeadSize ?? DModel / Heads;

    /// <summary><see cref="Scheme"/> as what it is (checked by <see cref="Validate"/>).</summary>
    [JsonIgnore]
    public Positions.PositionalSchemeKind SchemeKind => Positions.PositionalSchemes.Parse(Scheme);

    public void Validate()
    {
        if (Layers < 1) throw new MnemoException($"model.layers: must be at least 1, got {Layers}");
        if (DModel < 1) throw new MnemoException($"model.d_model: must be at least 1, got {DModel}");
        if (Heads < 1) throw new MnemoException($"model.heads: must be at least 1, got {Heads}");
        if (Llama is null && DModel % Heads != 0) throw new MnemoException($"model.d_model: {DModel} is not divisible by model.heads = {Heads}");
        if (MlpWidth < 1) throw new MnemoException($"model.mlp_width: must be at least 1, got {MlpWidth}");
        if (Dropout is < 0 or >= 1) throw new MnemoException($"model.dropout: must be in [0, 1), got {Dropout}");
        if (MaxPositions < 0) throw new MnemoException($"model.max_positions: must be 0 (auto) or positive, got {MaxPositions}");
        if (RotaryFraction is <= 0 or > 1) throw new MnemoException($"model.rotary_fraction: must be in (0, 1], got {RotaryFraction}");
        if (RotaryBase <= 1) throw new MnemoException($"model.rotary_base: must be greater than 1, got {RotaryBase}");
        if (AttentionScaling == AttentionScaling.Logn && LognBase < 2)
            throw new MnemoException($"model.logn_base: attention_scaling logn needs the number of keys up to which attention stays plain (at least 2, usually the longest training sequence), got {LognBase}");
        if (AttentionScaling != AttentionScaling.Logn && LognBase != 0)
            throw new MnemoException($"model.logn_base: applies only to attention_scaling logn, got {LognBase} with {AttentionScaling.ToString().ToLowerInvariant()}");
        if (ShortConv is 1 or < 0 or > MaxShortConv)
            throw new MnemoException($"model.short_conv: must be 0 (none) or a kernel width from 2 to {MaxShortConv}, got {ShortConv}");
        if (LayerNormEps is <= 0) throw new MnemoException($"model.layer_norm_eps: must be positive, got {LayerNormEps}");
        if (AnchorTokens is not (null or AnchorsAdded or AnchorsExisting))
            throw new MnemoException($"model.anchor_tokens: must be {AnchorsAdded} or {AnchorsExisting}, got '{AnchorTokens}'");
        if (AnchorTokens is not null && !IsPretrained)
            throw new MnemoException("model.anchor_tokens: applies only to a pretrained checkpoint (model.pretrained)");
        Llama?.Validate(Heads);
        Positions.PositionalSchemes.Parse(Scheme);
    }
}
