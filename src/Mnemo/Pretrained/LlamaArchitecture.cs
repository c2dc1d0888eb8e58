using Mnemo.Models;

namespace Mnemo.Pretrained;

/// <summary>The Llama family as transformers lays it out: <c>llama</c> (Llama 2/3, TinyLlama, SmolLM/SmolLM2),
/// <c>mistral</c> (Llama-shaped, no biases; full attention only), <c>qwen2</c> (Qwen2/2.5: biases on q, k, v) and
/// <c>qwen3</c> (per-head RMSNorm of q and k, head_dim of its own). RMSNorm, SwiGLU, grouped-query attention, rotary over the whole head with rope_theta and linear or
/// llama3 scaling, tied or untied head (<see cref="LlamaBlock"/>).</summary>
public sealed class LlamaArchitecture(string family) : HfArchitecture
{
    private bool Qwen => family is "qwen2" or "qwen3";
    private bool Mistral => family == "mistral";

    /// <summary>MistralConfig's sliding_window (4096 when absent) lets each token attend to the previous N only,
    /// which changes every sequence longer than N; Mnemo's attention is full, so only null (Mistral 7B v0.2,
    /// v0.3) is read.</summary>
    private static void RequireFullAttention(HfConfig c)
    {
        if (c.Json["sliding_window"] is System.Text.Json.Nodes.JsonValue window && window.GetValueKind() != System.Text.Json.JsonValueKind.Null)
            throw new MnemoException($"{c.Path}: sliding_window = {window.ToJsonString()} is not supported: sliding-window attention (each token sees only the previous {window.ToJsonString()}) is not implemented; only null (full attention) is read");
        if (!c.Json.ContainsKey("sliding_window"))
            throw new MnemoException($"{c.Path}: sliding_window is absent, which MistralConfig reads as 4096 (sliding-window attention, not implemented); only null (full attention) is read");
    }

    public override ModelConfig Model(HfConfig c, ModelConfig user)
    {
        var act = c.String("hidden_act") ?? "silu";
        if (act != "silu") throw new MnemoException($"{c.Path}: hidden_act '{act}' is not supported (only silu)");
        c.Require("mlp_bias", false);
        c.Require("use_sliding_window", false);
        if (Mistral) RequireFullAttention(c);
        if (c.Json["layer_types"] is System.Text.Json.Nodes.JsonArray types && types.Any(t => (string?)t != "full_attention"))
            throw new MnemoException($"{c.Path}: layer_types other than full_attention (sliding-window layers) are not supported");
        int d = c.Int(4096, "hidden_size"), heads = c.Int(32, "num_attention_heads");
        // LlamaConfig: num_key_value_heads None → heads, head_dim None → d / heads; MistralConfig: 8; Qwen2/3Config: 32 and (Qwen3) 128
        int kvHeads = c.Int(Qwen ? 32 : Mistral ? 8 : heads, "num_key_value_heads");
        int headSize = c.Int(family == "qwen3" ? 128 : d / heads, "head_dim");
        // Llama, Qwen3: on q, k, v and o; Qwen2 has q/k/v biases always, none on o; Mistral's modeling code has none and reads no key
        bool attentionBias = !Mistral && c.Bool(false, "attention_bias");
        var rope = HfRope.Read(c, "rope_theta", 10000, "partial_rotary_factor", 1.0, scalable: true);
        return user with
        {
            Layers = c.Int(32, "num_hidden_layers"), DModel = d, Heads = heads, MlpWidth = c.Int(Qwen ? 22016 : Mistral ? 14336 : 11008, "intermediate_size"),
            Scheme = "rope", MaxPositions = 0, RotaryFraction = rope.Fraction, RotaryBase = rope.Theta,
            TieEmbeddings = c.Bool(false, "tie_word_embeddings"), LayerNormEps = c.Double(1e-6, "rms_norm_eps"),
            Llama = new LlamaBlock(kvHeads, headSize, QkvBias: family == "qwen2" || attentionBias, OutputBias: family != "qwen2" && attentionBias,
                QkNorm: family == "qwen3", RopeScaling: rope.Scaling),
        };
    }

    public override int VocabSize(HfConfig config) => config.Int(Qwen ? 151936 : 32000, "vocab_size");

    /// <summary>LlamaConfig: 2; Qwen's configs have none. A list (Llama 3 instruct) gives its first id.</summary>
    public override int EosTokenId(HfConfig config) => config.FirstInt(Qwen ? null : 2, "eos_token_id");

    public override IReadOnlyList<string> Prefixes { get; } = ["model.", ""];

    public override IEnumerable<TensorMapping> Tensors(ModelConfig m)
    {
        var block = m.Llama!;
        yield return TensorMapping.Same("embed_tokens.weight", "tokens.weight");
        for (int l = 0; l < m.Layers; l++)
        {
            string h = $"layers.{l}.", b = $"blocks.{l}.";
            yield return TensorMapping.Same(h + "input_layernorm.weight", b + "attentionNorm.weight");
            foreach (var (theirs, ours) in new[] { ("q_proj", "query"), ("k_proj", "key"), ("v_proj", "value") })
            {
                yield return TensorMapping.Same(h + $"self_attn.{theirs}.weight", b + $"attention.{ours}.weight");
                if (block.QkvBias) yield return TensorMapping.Same(h + $"self_attn.{theirs}.bias", b + $"attention.{ours}.bias");
            }
            yield return TensorMapping.Same(h + "self_attn.o_proj.weight", b + "attention.output.weight");
            if (block.OutputBias) yield return TensorMapping.Same(h + "self_attn.o_proj.bias", b + "attention.output.bias");
            if (block.QkNorm)
            {
                yield return TensorMapping.Same(h + "self_attn.q_norm.weight", b + "attention.queryNorm.weight");
                yield return TensorMapping.Same(h + "self_attn.k_norm.weight", b + "attention.keyNorm.weight");
            }
            yield return TensorMapping.Same(h + "post_attention_layernorm.weight", b + "mlpNorm.weight");
            foreach (var part in new[] { "gate", "up", "down" })
                yield return TensorMapping.Same(h + $"mlp.{part}_proj.weight", b + $"mlp.{part}.weight");
        }
        yield return TensorMapping.Same("norm.weight", "finalNorm.weight");
        if (!m.TieEmbeddings) yield return TensorMapping.Head("lm_head.weight");
    }

    public override bool Ignorable(string name, ModelConfig m) =>
        name.EndsWith(".rotary_emb.inv_freq") || (m.TieEmbeddings && name == "lm_head.weight");
}
