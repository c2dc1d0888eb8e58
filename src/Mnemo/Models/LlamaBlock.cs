using Mnemo.Models.Positions;

namespace Mnemo.Models;

/// <summary>The block of Llama, Qwen2 and Qwen3 (and their fine-tunes): RMSNorm instead of LayerNorm, the
/// gated SiLU MLP down(silu(gate(x)) ⊙ up(x)) without biases, and separate q/k/v projections with
/// grouped-query attention (<see cref="KvHeads"/> key/value heads, each shared by Heads / KvHeads query heads).</summary>
/// <param name="KvHeads">Heads of keys and values; equal to the query heads for plain multi-head attention.</param>
/// <param name="HeadSize">Width of each head (Qwen3: may differ from d_model / heads).</param>
/// <param name="QkvBias">Biases on q, k, v (Qwen2; Llama with attention_bias).</param>
/// <param name="OutputBias">A bias on the attention output (Llama with attention_bias).</param>
/// <param name="QkNorm">RMSNorm over each head's queries and keys before rotary (Qwen3).</param>
/// <param name="RopeScaling">Rotary frequency scaling (linear, llama3), or null.</param>
public sealed record LlamaBlock(int KvHeads, int HeadSize, bool QkvBias = false, bool OutputBias = false, bool QkNorm = false, RopeScaling? RopeScaling = null)
{
    public void Validate(int heads)
    {
        if (KvHeads < 1 || heads % KvHeads != 0)
            throw new MnemoException($"model.llama.kv_heads: must divide model.heads = {heads}, got {KvHeads}");
        if (HeadSize < 2 || HeadSize % 2 != 0) throw new MnemoException($"model.llama.head_size: must be even and at least 2, got {HeadSize}");
        RopeScaling?.Validate();
    }
}
