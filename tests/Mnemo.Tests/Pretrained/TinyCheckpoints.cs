using System.Text.Json.Nodes;
using Mnemo.Checkpoints;
using static TorchSharp.torch;

namespace Mnemo.Tests.Pretrained;

/// <summary>Tiny random checkpoints written exactly as Hugging Face lays them out (config.json keys,
/// tensor names and shapes, GPT-2's transposed Conv1D weights, fused per-head q/k/v of BLOOM and NeoX,
/// a byte-level BPE tokenizer.json), so the tests need no download.</summary>
public static class TinyCheckpoints
{
    public static readonly TheoryData<string> Architectures = new("gpt2", "bloom", "gpt_neox", "llama", "mistral", "qwen2", "qwen3");

    /// <summary>The Llama family's tiny checkpoints are written as LlamaForCausalLM saves them (model.…, lm_head);
    /// the others as their base models do (no prefix).</summary>
    public static bool IsLlamaFamily(string arch) => arch is "llama" or "mistral" or "qwen2" or "qwen3";

    /// <summary>Single-token words of the tiny vocabulary (byte-level: 'Ġ' is a leading space).</summary>
    public static readonly string[] Words =
    [
        "Ġ0", "Ġ1", "Ġ>>>", "Ġ===", "Ġ+",
        "Ġcat", "Ġdog", "Ġsun", "Ġred", "Ġsky", "Ġbox", "Ġcar", "Ġhat", "Ġpen", "Ġcup", "Ġmap", "Ġkey",
        "Ġegg", "Ġice", "Ġjam", "Ġowl", "Ġfox", "Ġbee", "Ġant", "Ġape",
    ];

    /// <summary>Vocabulary (256 bytes, then every prefix of <see cref="Words"/>) and left-to-right merges.</summary>
    public static (List<string> Vocab, List<string> Merges) Bpe()
    {
        var vocab = Enumerable.Range(0, 256).Select(b => Mnemo.Pretrained.ByteLevel.Of(b).ToString()).ToList();
        var merges = new List<string>();
        foreach (var word in Words)
            for (int n = 2; n <= word.Length; n++)
            {
                var token = word[..n];
                if (vocab.Contains(token)) continue;
                vocab.Add(token);
                merges.Add($"{word[..(n - 1)]} {word[n - 1]}");
            }
        return (vocab, merges);
    }

    /// <summary>Same shape and exactly the same values.</summary>
    public static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static string Eos(string arch) => arch == "bloom" ? "</s>" : "<|endoftext|>";

    /// <summary>Ids of the tokenizer (BPE vocabulary + end token); the model's table has 3 spare rows more,
    /// as padded tables (Pythia, BLOOM) do.</summary>
    public static int TokenizerSize => Bpe().Vocab.Count + 1;
    public static int EosId => Bpe().Vocab.Count;
    public static int VocabSize => TokenizerSize + 3;

    public static JsonObject TokenizerJson(string arch)
    {
        var (vocab, merges) = Bpe();
        JsonNode byteLevel(bool useRegex) => new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = useRegex };
        JsonNode preTokenizer = arch == "bloom"
            ? new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = " ?[^(\\s|[.,!?…。，、।۔،])]+" }, ["behavior"] = "Isolated", ["invert"] = false },
                    byteLevel(false)),
            }
            : byteLevel(true);
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = EosId, ["content"] = Eos(arch), ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            }),
            ["normalizer"] = arch == "gpt_neox" ? new JsonObject { ["type"] = "NFC" } : null,
            ["pre_tokenizer"] = preTokenizer,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["fuse_unk"] = false,
                ["vocab"] = new JsonObject(vocab.Select((t, i) => KeyValuePair.Create(t, (JsonNode?)i))),
                // newer tokenizers write merges as pairs; use both spellings
                ["merges"] = new JsonArray(merges.Select((m, i) => i % 2 == 0 ? (JsonNode)m : new JsonArray(m.Split(' ')[0], m.Split(' ')[1])).ToArray()),
            },
        };
    }

    public static JsonObject Config(string arch) => arch switch
    {
        "gpt2" => new JsonObject
        {
            ["model_type"] = "gpt2", ["architectures"] = new JsonArray("GPT2LMHeadModel"), ["vocab_size"] = VocabSize, ["n_embd"] = 16,
            ["n_layer"] = 2, ["n_head"] = 4, ["n_positions"] = 64, ["n_inner"] = null, ["activation_function"] = "gelu_new",
            ["layer_norm_epsilon"] = 1e-5, ["bos_token_id"] = EosId, ["eos_token_id"] = EosId, ["tie_word_embeddings"] = true,
        },
        "bloom" => new JsonObject
        {
            // 6 heads: not a power of two, so the ALiBi slopes take the interleaved extra slopes
            ["model_type"] = "bloom", ["architectures"] = new JsonArray("BloomForCausalLM"), ["vocab_size"] = VocabSize, ["hidden_size"] = 24,
            ["n_layer"] = 2, ["n_head"] = 6, ["layer_norm_epsilon"] = 1e-5, ["apply_residual_connection_post_layernorm"] = false,
            ["bos_token_id"] = EosId, ["eos_token_id"] = EosId,
        },
        "gpt_neox" => new JsonObject
        {
            ["model_type"] = "gpt_neox", ["architectures"] = new JsonArray("GPTNeoXForCausalLM"), ["vocab_size"] = VocabSize, ["hidden_size"] = 16,
            ["num_hidden_layers"] = 2, ["num_attention_heads"] = 2, ["intermediate_size"] = 40, ["rotary_pct"] = 0.5, ["rotary_emb_base"] = 10000,
            ["max_position_embeddings"] = 64, ["layer_norm_eps"] = 1e-5, ["use_parallel_residual"] = true, ["hidden_act"] = "gelu",
            ["tie_word_embeddings"] = false, ["bos_token_id"] = EosId, ["eos_token_id"] = EosId,
        },
        // grouped-query attention (4 query heads, 2 kv heads), untied, Llama 3 rotary scaling over a short
        // original context so that both of the head's frequencies are scaled (one smoothly, one by the factor)
        "llama" => new JsonObject
        {
            ["model_type"] = "llama", ["architectures"] = new JsonArray("LlamaForCausalLM"), ["vocab_size"] = VocabSize, ["hidden_size"] = 16,
            ["intermediate_size"] = 24, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4, ["num_key_value_heads"] = 2, ["hidden_act"] = "silu",
            ["max_position_embeddings"] = 64, ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 500000.0, ["tie_word_embeddings"] = false,
            ["rope_scaling"] = new JsonObject { ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 16 },
            ["attention_bias"] = false, ["mlp_bias"] = false, ["bos_token_id"] = EosId, ["eos_token_id"] = EosId,
        },
        // Mistral 7B v0.2/v0.3's shape: sliding_window null (full attention), rope_theta 1e6, untied; here one kv head
        // for 4 query heads and head_dim 8 on a width of 16 (the projections change width)
        "mistral" => new JsonObject
        {
            ["model_type"] = "mistral", ["architectures"] = new JsonArray("MistralForCausalLM"), ["vocab_size"] = VocabSize, ["hidden_size"] = 16,
            ["intermediate_size"] = 24, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4, ["num_key_value_heads"] = 1, ["head_dim"] = 8,
            ["hidden_act"] = "silu", ["max_position_embeddings"] = 64, ["rms_norm_eps"] = 1e-5, ["rope_theta"] = 1000000.0, ["sliding_window"] = null,
            ["tie_word_embeddings"] = false, ["bos_token_id"] = EosId, ["eos_token_id"] = EosId,
        },
        // q/k/v biases, tied head, the v5 layout (rope_parameters)
        "qwen2" => new JsonObject
        {
            ["model_type"] = "qwen2", ["architectures"] = new JsonArray("Qwen2ForCausalLM"), ["vocab_size"] = VocabSize, ["hidden_size"] = 16,
            ["intermediate_size"] = 24, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 4, ["num_key_value_heads"] = 2, ["hidden_act"] = "silu",
            ["max_position_embeddings"] = 64, ["rms_norm_eps"] = 1e-6, ["tie_word_embeddings"] = true, ["use_sliding_window"] = false,
            ["rope_parameters"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = 1000.0 }, ["eos_token_id"] = EosId,
        },
        // q/k RMSNorm, head_dim 12 with 2 heads on a width of 16 (the projections change width), one kv head
        "qwen3" => new JsonObject
        {
            ["model_type"] = "qwen3", ["architectures"] = new JsonArray("Qwen3ForCausalLM"), ["vocab_size"] = VocabSize, ["hidden_size"] = 16,
            ["intermediate_size"] = 24, ["num_hidden_layers"] = 2, ["num_attention_heads"] = 2, ["num_key_value_heads"] = 1, ["head_dim"] = 12,
            ["hidden_act"] = "silu", ["max_position_embeddings"] = 64, ["rms_norm_eps"] = 1e-6, ["rope_theta"] = 10000.0,
            ["tie_word_embeddings"] = false, ["attention_bias"] = false, ["eos_token_id"] = EosId,
        },
        _ => throw new ArgumentException(arch),
    };

    /// <summary>Random tensors under the architecture's Hugging Face names and shapes (float32).</summary>
    public static Dictionary<string, Tensor> Tensors(string arch, int seed = 0)
    {
        var config = Config(arch);
        var g = new Generator((ulong)seed);
        var result = new Dictionary<string, Tensor>();
        void Add(string name, params long[] shape) => result[name] = randn(shape, generator: g).mul_(0.3);
        void Norm(string name, long d)
        {
            result[name + ".weight"] = randn([d], generator: g).mul_(0.1).add_(1.0);
            result[name + ".bias"] = randn([d], generator: g).mul_(0.1);
        }
        void Linear(string name, long outputs, long inputs) { Add(name + ".weight", outputs, inputs); Add(name + ".bias", outputs); }
        long v = VocabSize;
        void Scale(string name, long d) => result[name] = randn([d], generator: g).mul_(0.1).add_(1.0);
        if (IsLlamaFamily(arch))
        {
            long d = 16, inner = 24, heads = (int)config["num_attention_heads"]!, kv = (int)config["num_key_value_heads"]!;
            long dh = config["head_dim"] is { } hd ? (int)hd : d / heads;
            bool bias = arch == "qwen2";
            Add("model.embed_tokens.weight", v, d);
            for (int l = 0; l < 2; l++)
            {
                string p = $"model.layers.{l}.";
                Scale(p + "input_layernorm.weight", d);
                foreach (var (name, rows) in new[] { ("q_proj", heads * dh), ("k_proj", kv * dh), ("v_proj", kv * dh) })
                {
                    Add(p + $"self_attn.{name}.weight", rows, d);
                    if (bias) Add(p + $"self_attn.{name}.bias", rows);
                }
                Add(p + "self_attn.o_proj.weight", d, heads * dh);
                if (arch == "qwen3") { Scale(p + "self_attn.q_norm.weight", dh); Scale(p + "self_attn.k_norm.weight", dh); }
                Scale(p + "post_attention_layernorm.weight", d);
                Add(p + "mlp.gate_proj.weight", inner, d);
                Add(p + "mlp.up_proj.weight", inner, d);
                Add(p + "mlp.down_proj.weight", d, inner);
            }
            Scale("model.norm.weight", d);
            if (!(bool)config["tie_word_embeddings"]!) Add("lm_head.weight", v, d);
            return result;
        }
        switch (arch)
        {
            case "gpt2":
            {
                long d = 16, p = 64;
                Add("wte.weight", v, d);
                Add("wpe.weight", p, d);
                for (int l = 0; l < 2; l++)
                {
                    Norm($"h.{l}.ln_1", d);
                    Add($"h.{l}.attn.c_attn.weight", d, 3 * d); // Conv1D: (in, out)
                    Add($"h.{l}.attn.c_attn.bias", 3 * d);
                    Add($"h.{l}.attn.c_proj.weight", d, d);
                    Add($"h.{l}.attn.c_proj.bias", d);
                    Norm($"h.{l}.ln_2", d);
                    Add($"h.{l}.mlp.c_fc.weight", d, 4 * d);
                    Add($"h.{l}.mlp.c_fc.bias", 4 * d);
                    Add($"h.{l}.mlp.c_proj.weight", 4 * d, d);
                    Add($"h.{l}.mlp.c_proj.bias", d);
                    result[$"h.{l}.attn.bias"] = ones(p, p).tril().view(1, 1, p, p); // the causal-mask buffer old GPT-2 files carry
                }
                Norm("ln_f", d);
                break;
            }
            case "bloom":
            {
                long d = 24;
                Add("word_embeddings.weight", v, d);
                Norm("word_embeddings_layernorm", d);
                for (int l = 0; l < 2; l++)
                {
                    Norm($"h.{l}.input_layernorm", d);
                    Linear($"h.{l}.self_attention.query_key_value", 3 * d, d);
                    Linear($"h.{l}.self_attention.dense", d, d);
                    Norm($"h.{l}.post_attention_layernorm", d);
                    Linear($"h.{l}.mlp.dense_h_to_4h", 4 * d, d);
                    Linear($"h.{l}.mlp.dense_4h_to_h", d, 4 * d);
                }
                Norm("ln_f", d);
                break;
            }
            case "gpt_neox":
            {
                long d = 16, inner = 40;
                Add("gpt_neox.embed_in.weight", v, d);
                for (int l = 0; l < 2; l++)
                {
                    string p = $"gpt_neox.layers.{l}.";
                    Norm(p + "input_layernorm", d);
                    Norm(p + "post_attention_layernorm", d);
                    Linear(p + "attention.query_key_value", 3 * d, d);
                    Linear(p + "attention.dense", d, d);
                    Linear(p + "mlp.dense_h_to_4h", inner, d);
                    Linear(p + "mlp.dense_4h_to_h", d, inner);
                    result[p + "attention.rotary_emb.inv_freq"] = ones(2); // a buffer some NeoX files carry
                }
                Norm("gpt_neox.final_layer_norm", d);
                Add("embed_out.weight", v, d);
                break;
            }
        }
        return result;
    }

    /// <summary>Writes config.json, tokenizer.json and the weights (one file, or two shards with an index).</summary>
    public static string Write(string dir, string arch, bool sharded = false, int seed = 0)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), Config(arch).ToJsonString());
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), TokenizerJson(arch).ToJsonString());
        var tensors = Tensors(arch, seed);
        try
        {
            if (!sharded)
            {
                SafeTensors.Save(Path.Combine(dir, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
                return dir;
            }
            var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
            var map = new JsonObject();
            for (int s = 0; s < 2; s++)
            {
                var file = $"model-0000{s + 1}-of-00002.safetensors";
                var part = names.Where((_, i) => i % 2 == s).ToDictionary(n => n, n => tensors[n]);
                SafeTensors.Save(Path.Combine(dir, file), part, new Dictionary<string, string> { ["format"] = "pt" });
                foreach (var n in part.Keys) map[n] = file;
            }
            File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
                new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 0 }, ["weight_map"] = map }.ToJsonString());
            return dir;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
