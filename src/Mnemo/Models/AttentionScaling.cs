namespace Mnemo.Models;

/// <summary>How attention logits are scaled before the softmax (<c>model.attention_scaling</c>).</summary>
public enum AttentionScaling
{
    /// <summary>softmax(q·kᵀ/√dₕ): the standard transformer.</summary>
    None,

    /// <summary>Scalable-Softmax (SSMax; Nakanishi 2025, "Scalable-Softmax Is Superior for Attention"):
    /// softmax(sₕ · log n · q·kᵀ/√dₕ), where n is the number of keys the query may attend to and sₕ is a
    /// learned scalar per layer and head. Plain softmax flattens as n grows (the largest weight falls
    /// like 1/n for fixed logits); the log n factor keeps a head that picks one token out of n as sharp
    /// at 10× the trained context as inside it (Chiang &amp; Cholak 2022 scale by log n with a fixed s).</summary>
    Ssmax,

    /// <summary>LogN-Scaling (Qwen's <c>use_logn_attn</c>; Su 2021): plain attention while a query sees at most
    /// <see cref="ModelConfig.LognBase"/> keys, beyond that the logits are multiplied by log n / log base. Below
    /// the base nothing changes, so with the base at the longest training sequence training is untouched and
    /// only longer contexts are sharpened, by exactly the factor that keeps a fixed logit margin's weight
    /// from fading as the keys multiply. No parameters: it can be switched on for a model trained without it.</summary>
    Logn,
}
