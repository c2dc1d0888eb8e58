using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Pretrained;

/// <summary>One tensor of a Hugging Face checkpoint and where it lives in <see cref="TransformerLM"/>:
/// our state_dict name, and the conversions between the two layouts (identity for most tensors).</summary>
public sealed record TensorMapping(string HfName, string OurName, Func<Tensor, Tensor> ToOurs, Func<Tensor, Tensor> ToHf)
{
    /// <summary>A tensor of the *ForCausalLM class itself (the LM head), outside its base model: its name
    /// never takes the base model's prefix (save_pretrained writes <c>lm_head.weight</c>, not <c>transformer.lm_head.weight</c>).</summary>
    public bool TopLevel { get; init; }

    public static TensorMapping Same(string hf, string ours) => new(hf, ours, t => t, t => t);

    /// <summary>An untied output head: <paramref name="hf"/> (ours: head.weight), outside the base model.</summary>
    public static TensorMapping Head(string hf) => Same(hf, "head.weight") with { TopLevel = true };

    /// <summary>GPT-2's Conv1D stores (in, out); a Linear stores (out, in).</summary>
    public static TensorMapping Transposed(string hf, string ours) => new(hf, ours, t => t.t().contiguous(), t => t.t().contiguous());

    /// <summary>BLOOM and GPT-NeoX fuse q, k, v per head: rows (heads, 3, head_dim); ours are (3, heads, head_dim).</summary>
    public static TensorMapping PerHeadQkv(string hf, string ours, int heads) =>
        new(hf, ours, t => Regroup(t, heads, 3), t => Regroup(t, 3, heads));

    /// <summary>Reads the leading dimension as (a, b, rest) and swaps a and b.</summary>
    private static Tensor Regroup(Tensor t, long a, long b) => t.reshape(a, b, -1).transpose(0, 1).reshape(t.shape).contiguous();
}

/// <summary>What differs between the supported model types: config.json → <see cref="ModelConfig"/>, and
/// the tensor names. Everything else (loading, checking, saving) is shared.</summary>
public abstract class HfArchitecture
{
    /// <summary>One block as BLOOM and GPT-NeoX both lay it out: two layer norms, q/k/v fused per head
    /// under <paramref name="attention"/>, its dense output, and the MLP's dense_h_to_4h / dense_4h_to_h.</summary>
    protected static IEnumerable<TensorMapping> FusedHeadsBlock(string h, string attention, int layer, int heads)
    {
        var b = $"blocks.{layer}.";
        foreach (var t in Norm(h + "input_layernorm", b + "attentionNorm")) yield return t;
        yield return TensorMapping.PerHeadQkv(h + attention + ".query_key_value.weight", b + "attention.qkv.weight", heads);
        yield return TensorMapping.PerHeadQkv(h + attention + ".query_key_value.bias", b + "attention.qkv.bias", heads);
        foreach (var t in Linear(h + attention + ".dense", b + "attention.output")) yield return t;
        foreach (var t in Norm(h + "post_attention_layernorm", b + "mlpNorm")) yield return t;
        foreach (var t in Linear(h + "mlp.dense_h_to_4h", b + "mlpIn")) yield return t;
        foreach (var t in Linear(h + "mlp.dense_4h_to_h", b + "mlpOut")) yield return t;
    }

    public static readonly IReadOnlyList<string> Supported = ["gpt2", "bloom", "gpt_neox", "llama", "mistral", "qwen2", "qwen3"];

    public static HfArchitecture For(HfConfig config) => config.ModelType switch
    {
        "gpt2" => new Gpt2Architecture(),
        "bloom" => new BloomArchitecture(),
        "gpt_neox" => new GptNeoXArchitecture(),
        "llama" or "mistral" or "qwen2" or "qwen3" => new LlamaArchitecture(config.ModelType),
        var other => throw new MnemoException(
            $"{config.Path}: model_type '{other}' is not supported (supported: {string.Join(", ", Supported)})"),
    };

    /// <summary>The architecture as our model's options, on top of the user's (dropout, anchor choice).</summary>
    public abstract ModelConfig Model(HfConfig config, ModelConfig user);

    /// <summary>Rows of the checkpoint's embedding table (vocab_size, with the config class's default).</summary>
    public abstract int VocabSize(HfConfig config);

    /// <summary>eos_token_id, with the config class's default.</summary>
    public abstract int EosTokenId(HfConfig config);

    /// <summary>Every tensor of a model of this shape, HF name ↔ our name.</summary>
    public abstract IEnumerable<TensorMapping> Tensors(ModelConfig model);

    /// <summary>What a checkpoint's names of the base model may start with (the LM class's attribute for it, or
    /// nothing when the base model itself was saved); saving writes the first, as <c>save_pretrained</c> of the
    /// *ForCausalLM class does. <see cref="TensorMapping.TopLevel"/> names take no prefix.</summary>
    public abstract IReadOnlyList<string> Prefixes { get; }

    /// <summary>Names a checkpoint may hold that carry no weights of ours: causal-mask buffers, rotary
    /// frequencies (we recompute them), a stored copy of a tied head.</summary>
    public abstract bool Ignorable(string hfName, ModelConfig model);

    protected static IEnumerable<TensorMapping> Norm(string hf, string ours) =>
        [TensorMapping.Same(hf + ".weight", ours + ".weight"), TensorMapping.Same(hf + ".bias", ours + ".bias")];

    protected static IEnumerable<TensorMapping> Linear(string hf, string ours) => Norm(hf, ours);

    protected static bool Activation(HfConfig config, string key, string fallback)
    {
        var name = config.String(key) ?? fallback;
        return name switch
        {
            "gelu" => false,
            "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => true,
            _ => throw new MnemoException($"{config.Path}: {key} '{name}' is not supported (gelu, gelu_new, gelu_pytorch_tanh)"),
        };
    }
}

/// <summary>GPT-2: learned absolute positions, Conv1D weights, head tied to the token embeddings.</summary>
public sealed class Gpt2Architecture : HfArchitecture
{
    public override ModelConfig Model(HfConfig c, ModelConfig user)
    {
        c.Require("scale_attn_weights", true);
        c.Require("scale_attn_by_inverse_layer_idx", false);
        c.Require("add_cross_attention", false);
        int d = c.Int(768, "n_embd", "hidden_size");
        return user with
        {
            Layers = c.Int(12, "n_layer", "num_hidden_layers"), DModel = d, Heads = c.Int(12, "n_head", "num_attention_heads"),
            MlpWidth = c.Int(4 * d, "n_inner"), Scheme = "learned", MaxPositions = c.Int(1024, "n_positions", "max_position_embeddings"),
            TieEmbeddings = c.Bool(true, "tie_word_embeddings"), GeluTanh = Activation(c, "activation_function", "gelu_new"),
            LayerNormEps = c.Double(1e-5, "layer_norm_epsilon"),
        };
    }

    public override int VocabSize(HfConfig config) => config.Int(50257, "vocab_size");
    public override int EosTokenId(HfConfig config) => config.FirstInt(50256, "eos_token_id");
    public override IReadOnlyList<string> Prefixes { get; } = ["transformer.", ""];

    public override IEnumerable<TensorMapping> Tensors(ModelConfig m)
    {
        yield return TensorMapping.Same("wte.weight", "tokens.weight");
        yield return TensorMapping.Same("wpe.weight", "positions.table.weight");
        for (int l = 0; l < m.Layers; l++)
        {
            string h = $"h.{l}.", b = $"blocks.{l}.";
            foreach (var t in Norm(h + "ln_1", b + "attentionNorm")) yield return t;
            yield return TensorMapping.Transposed(h + "attn.c_attn.weight", b + "attention.qkv.weight"); // columns [q; k; v]
            yield return TensorMapping.Same(h + "attn.c_attn.bias", b + "attention.qkv.bias");
            yield return TensorMapping.Transposed(h + "attn.c_proj.weight", b + "attention.output.weight");
            yield return TensorMapping.Same(h + "attn.c_proj.bias", b + "attention.output.bias");
            foreach (var t in Norm(h + "ln_2", b + "mlpNorm")) yield return t;
            yield return TensorMapping.Transposed(h + "mlp.c_fc.weight", b + "mlpIn.weight");
            yield return TensorMapping.Same(h + "mlp.c_fc.bias", b + "mlpIn.bias");
            yield return TensorMapping.Transposed(h + "mlp.c_proj.weight", b + "mlpOut.weight");
            yield return TensorMapping.Same(h + "mlp.c_proj.bias", b + "mlpOut.bias");
        }
        foreach (var t in Norm("ln_f", "finalNorm")) yield return t;
        if (!m.TieEmbeddings) yield return TensorMapping.Head("lm_head.weight");
    }

    public override bool Ignorable(string name, ModelConfig m) =>
        name.EndsWith(".attn.bias") || name.EndsWith(".attn.masked_bias") || (m.TieEmbeddings && name == "lm_head.weight");
}

/// <summary>BLOOM (BLOOMZ): ALiBi, a LayerNorm after the embeddings, q/k/v fused per head, tied head.</summary>
public sealed class BloomArchitecture : HfArchitecture
{
    public override ModelConfig Model(HfConfig c, ModelConfig user)
    {
        c.Require("apply_residual_connection_post_layernorm", false);
        int d = c.Int(64, "n_embed", "hidden_size"); // BloomConfig: n_embed, when given, overrides hidden_size
        return user with
        {
            Layers = c.Int(2, "n_layer", "num_hidden_layers"), DModel = d, Heads = c.Int(8, "n_head", "num_attention_heads"),
            MlpWidth = 4 * d, Scheme = "alibi", MaxPositions = 0, TieEmbeddings = c.Bool(true, "tie_word_embeddings"),
            GeluTanh = true, // BLOOM's bloom_gelu is the tanh approximation
            LayerNormEps = c.Double(1e-5, "layer_norm_epsilon"), EmbeddingNorm = true,
        };
    }

    public override int VocabSize(HfConfig config) => config.Int(250880, "vocab_size");
    public override int EosTokenId(HfConfig config) => config.FirstInt(2, "eos_token_id");
    public override IReadOnlyList<string> Prefixes { get; } = ["transformer.", ""];

    public override IEnumerable<TensorMapping> Tensors(ModelConfig m)
    {
        yield return TensorMapping.Same("word_embeddings.weight", "tokens.weight");
        foreach (var t in Norm("word_embeddings_layernorm", "embeddingNorm")) yield return t;
        for (int l = 0; l < m.Layers; l++)
        {
            foreach (var t in FusedHeadsBlock($"h.{l}.", "self_attention", l, m.Heads)) yield return t;
        }
        foreach (var t in Norm("ln_f", "finalNorm")) yield return t;
        if (!m.TieEmbeddings) yield return TensorMapping.Head("lm_head.weight");
    }

    public override bool Ignorable(string name, ModelConfig m) => m.TieEmbeddings && name == "lm_head.weight";
}

/// <summary>GPT-NeoX (Pythia): partial rotary, parallel residual, q/k/v fused per head, untied head embed_out.</summary>
public sealed class GptNeoXArchitecture : HfArchitecture
{
    public override ModelConfig Model(HfConfig c, ModelConfig user)
    {
        c.Require("attention_bias", true);
        var rope = HfRope.Read(c, "rotary_emb_base", 10000, "rotary_pct", 0.25);
        return user with
        {
            Layers = c.Int(44, "num_hidden_layers"), DModel = c.Int(6144, "hidden_size"), Heads = c.Int(64, "num_attention_heads"),
            MlpWidth = c.Int(24576, "intermediate_size"), Scheme = "rope", MaxPositions = 0,
            RotaryFraction = rope.Fraction, RotaryBase = rope.Theta,
            TieEmbeddings = c.Bool(false, "tie_word_embeddings"), GeluTanh = Activation(c, "hidden_act", "gelu"),
            LayerNormEps = c.Double(1e-5, "layer_norm_eps"), ParallelResidual = c.Bool(true, "use_parallel_residual"),
        };
    }

    public override int VocabSize(HfConfig config) => config.Int(50432, "vocab_size");
    public override int EosTokenId(HfConfig config) => config.FirstInt(2, "eos_token_id");
    public override IReadOnlyList<string> Prefixes { get; } = [""];

    public override IEnumerable<TensorMapping> Tensors(ModelConfig m)
    {
        yield return TensorMapping.Same("gpt_neox.embed_in.weight", "tokens.weight");
        for (int l = 0; l < m.Layers; l++)
        {
            foreach (var t in FusedHeadsBlock($"gpt_neox.layers.{l}.", "attention", l, m.Heads)) yield return t;
        }
        foreach (var t in Norm("gpt_neox.final_layer_norm", "finalNorm")) yield return t;
        if (!m.TieEmbeddings) yield return TensorMapping.Head("embed_out.weight");
    }

    public override bool Ignorable(string name, ModelConfig m) =>
        name.EndsWith(".attention.bias") || name.EndsWith(".attention.masked_bias") || name.EndsWith(".rotary_emb.inv_freq")
        || (m.TieEmbeddings && name == "embed_out.weight");
}
