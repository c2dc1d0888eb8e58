using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Mnemo.Tests.Pretrained;

/// <summary>Forward passes written straight from the published architectures (the Hugging Face modeling
/// files of GPT-2, BLOOM and GPT-NeoX), over the checkpoint's own tensors and names; independent of
/// Mnemo's model code. Positions are 0..T-1 and every token is real.</summary>
public static class ReferenceForward
{
    public static Tensor Logits(string arch, IReadOnlyDictionary<string, Tensor> w, Tensor ids) => arch switch
    {
        "gpt2" => Gpt2(w, ids),
        "bloom" => Bloom(w, ids),
        "gpt_neox" => NeoX(w, ids),
        "llama" or "mistral" or "qwen2" or "qwen3" => Llama(w, ids, TinyCheckpoints.Config(arch)),
        _ => throw new ArgumentException(arch),
    };

    private static Tensor LayerNorm(Tensor x, IReadOnlyDictionary<string, Tensor> w, string name, double eps = 1e-5)
    {
        var mean = x.mean([-1], keepdim: true);
        var variance = (x - mean).pow(2).mean([-1], keepdim: true);
        return (x - mean) / (variance + eps).sqrt() * w[name + ".weight"] + w[name + ".bias"];
    }

    /// <summary>nn.Linear: x Wᵀ + b.</summary>
    private static Tensor Dense(Tensor x, IReadOnlyDictionary<string, Tensor> w, string name) =>
        x.matmul(w[name + ".weight"].t()) + w[name + ".bias"];

    /// <summary>GPT-2's Conv1D: x W + b, W stored (in, out).</summary>
    private static Tensor Conv1D(Tensor x, IReadOnlyDictionary<string, Tensor> w, string name) =>
        x.matmul(w[name + ".weight"]) + w[name + ".bias"];

    private static Tensor GeluTanh(Tensor x) => 0.5 * x * (1 + (Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3))).tanh());

    private static Tensor GeluErf(Tensor x) => 0.5 * x * (1 + special.erf(x / Math.Sqrt(2)));

    /// <summary>softmax(q kᵀ/√dh + bias) v under the causal mask; q, k, v: (B, H, T, dh).</summary>
    private static Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor? bias = null)
    {
        long t = q.shape[2];
        var scores = q.matmul(k.transpose(-1, -2)) / Math.Sqrt(q.shape[3]);
        if (bias is not null) scores = scores + bias;
        var future = ones(t, t, dtype: @bool).triu(1);
        scores = scores.masked_fill(future, double.NegativeInfinity);
        return scores.softmax(-1).matmul(v);
    }

    /// <summary>(B, H, T, dh) → (B, T, H·dh).</summary>
    private static Tensor Merge(Tensor y) => y.transpose(1, 2).reshape(y.shape[0], y.shape[2], -1);

    private static Tensor Gpt2(IReadOnlyDictionary<string, Tensor> w, Tensor ids)
    {
        const int heads = 4;
        long b = ids.shape[0], t = ids.shape[1];
        var h = w["wte.weight"][ids] + w["wpe.weight"][arange(t)];
        for (int l = 0; l < 2; l++)
        {
            var p = $"h.{l}.";
            var qkv = Conv1D(LayerNorm(h, w, p + "ln_1"), w, p + "attn.c_attn").split(h.shape[2], -1); // [q, k, v] along features
            Tensor Heads(Tensor x) => x.view(b, t, heads, -1).transpose(1, 2);
            h = h + Conv1D(Merge(Attend(Heads(qkv[0]), Heads(qkv[1]), Heads(qkv[2]))), w, p + "attn.c_proj");
            h = h + Conv1D(GeluTanh(Conv1D(LayerNorm(h, w, p + "ln_2"), w, p + "mlp.c_fc")), w, p + "mlp.c_proj");
        }
        return LayerNorm(h, w, "ln_f").matmul(w["wte.weight"].t());
    }

    /// <summary>BLOOM's build_alibi_tensor slopes.</summary>
    public static double[] BloomSlopes(int heads)
    {
        int closest = (int)Math.Pow(2, Math.Floor(Math.Log2(heads)));
        double start = Math.Pow(2, -Math.Pow(2, -(Math.Log2(closest) - 3)));
        var slopes = Enumerable.Range(1, closest).Select(i => Math.Pow(start, i)).ToList();
        if (closest != heads)
        {
            double extra = Math.Pow(2, -Math.Pow(2, -(Math.Log2(2 * closest) - 3)));
            int remaining = Math.Min(closest, heads - closest);
            slopes.AddRange(Enumerable.Range(0, remaining).Select(i => Math.Pow(extra, 1 + 2 * i)));
        }
        return slopes.ToArray();
    }

    private static Tensor Bloom(IReadOnlyDictionary<string, Tensor> w, Tensor ids)
    {
        const int heads = 6;
        long b = ids.shape[0], t = ids.shape[1];
        var h = LayerNorm(w["word_embeddings.weight"][ids], w, "word_embeddings_layernorm");
        long dh = h.shape[2] / heads;
        // alibi[h, j] = slope_h · j (key position): a per-query constant away from −slope·(i − j), same softmax
        var alibi = tensor(BloomSlopes(heads).Select(s => (float)s).ToArray()).view(1, heads, 1, 1) * arange(t, dtype: float32).view(1, 1, 1, t);
        for (int l = 0; l < 2; l++)
        {
            var p = $"h.{l}.";
            var fused = Dense(LayerNorm(h, w, p + "input_layernorm"), w, p + "self_attention.query_key_value").view(b, t, heads, 3, dh);
            Tensor Part(int i) => fused.select(3, i).transpose(1, 2); // (B, H, T, dh)
            h = h + Dense(Merge(Attend(Part(0), Part(1), Part(2), alibi)), w, p + "self_attention.dense");
            var m = Dense(LayerNorm(h, w, p + "post_attention_layernorm"), w, p + "mlp.dense_h_to_4h");
            h = h + Dense(GeluTanh(m), w, p + "mlp.dense_4h_to_h");
        }
        return LayerNorm(h, w, "ln_f").matmul(w["word_embeddings.weight"].t());
    }

    /// <summary>GPT-NeoX with the tiny checkpoint's shapes; <paramref name="rotaryPct"/> and
    /// <paramref name="rotaryBase"/> as the test's config.json means them.</summary>
    public static Tensor NeoX(IReadOnlyDictionary<string, Tensor> w, Tensor ids, double rotaryPct = 0.5, double rotaryBase = 10000)
    {
        const int heads = 2;
        long b = ids.shape[0], t = ids.shape[1];
        var h = w["gpt_neox.embed_in.weight"][ids];
        long dh = h.shape[2] / heads, rot = (long)(dh * rotaryPct);
        var invFreq = 1.0 / pow(rotaryBase, arange(0, rot, 2, dtype: float64) / rot);
        var freqs = arange(t, dtype: float64).outer(invFreq);
        var emb = cat([freqs, freqs], -1);
        var cos = emb.cos().to(float32);
        var sin = emb.sin().to(float32);
        Tensor RotateHalf(Tensor x) => cat([-x[.., .., .., (int)(rot / 2)..], x[.., .., .., ..(int)(rot / 2)]], -1);
        Tensor Rope(Tensor x)
        {
            var r = x[.., .., .., ..(int)rot];
            return cat([r * cos + RotateHalf(r) * sin, x[.., .., .., (int)rot..]], -1);
        }
        for (int l = 0; l < 2; l++)
        {
            var p = $"gpt_neox.layers.{l}.";
            var fused = Dense(LayerNorm(h, w, p + "input_layernorm"), w, p + "attention.query_key_value").view(b, t, heads, 3 * dh).transpose(1, 2);
            var q = Rope(fused[.., .., .., ..(int)dh]);
            var k = Rope(fused[.., .., .., (int)dh..(int)(2 * dh)]);
            var v = fused[.., .., .., (int)(2 * dh)..];
            var attention = Dense(Merge(Attend(q, k, v)), w, p + "attention.dense");
            var mlp = Dense(GeluErf(Dense(LayerNorm(h, w, p + "post_attention_layernorm"), w, p + "mlp.dense_h_to_4h")), w, p + "mlp.dense_4h_to_h");
            h = h + attention + mlp; // use_parallel_residual
        }
        return LayerNorm(h, w, "gpt_neox.final_layer_norm").matmul(w["embed_out.weight"].t());
    }

    private static Tensor RmsNorm(Tensor x, Tensor weight, double eps) => x / (x.pow(2).mean([-1], keepdim: true) + eps).sqrt() * weight;

    /// <summary>Inverse rotary frequencies θ^(−2i/d), with Llama 3's scaling when config.json declares it:
    /// wavelengths beyond original/low_freq_factor divided by the factor, below original/high_freq_factor kept,
    /// in between interpolated by s = (original/wavelength − low) / (high − low).</summary>
    private static double[] LlamaFrequencies(JsonObject c, long dh)
    {
        static double Number(JsonNode? n) => double.Parse(n!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
        double theta = Number(c["rope_theta"] ?? c["rope_parameters"]!["rope_theta"]);
        var frequencies = Enumerable.Range(0, (int)dh / 2).Select(i => 1.0 / Math.Pow(theta, 2.0 * i / dh)).ToArray();
        if (c["rope_scaling"] is not JsonObject s) return frequencies;
        double factor = Number(s["factor"]), low = Number(s["low_freq_factor"]), high = Number(s["high_freq_factor"]), original = Number(s["original_max_position_embeddings"]);
        return frequencies.Select(f =>
        {
            double wavelength = 2 * Math.PI / f;
            if (wavelength < original / high) return f;
            if (wavelength > original / low) return f / factor;
            double smooth = (original / wavelength - low) / (high - low);
            return (1 - smooth) * f / factor + smooth * f;
        }).ToArray();
    }

    /// <summary>LlamaForCausalLM / Qwen2ForCausalLM / Qwen3ForCausalLM: RMSNorm, rotary (rotate_half) on q and k
    /// (after Qwen3's per-head q/k RMSNorm), key/value heads repeated for the query heads, SwiGLU.</summary>
    private static Tensor Llama(IReadOnlyDictionary<string, Tensor> w, Tensor ids, JsonObject c)
    {
        int heads = (int)c["num_attention_heads"]!, kv = (int)c["num_key_value_heads"]!;
        double eps = (double)c["rms_norm_eps"]!;
        long b = ids.shape[0], t = ids.shape[1];
        var h = w["model.embed_tokens.weight"][ids];
        long dh = c["head_dim"] is { } hd ? (int)hd : h.shape[2] / heads;
        var angles = arange(t, dtype: float64).outer(tensor(LlamaFrequencies(c, dh)));
        var cos = cat([angles, angles], -1).cos().to(float32);
        var sin = cat([angles, angles], -1).sin().to(float32);
        Tensor Rope(Tensor x) => x * cos + cat([-x[.., .., .., (int)(dh / 2)..], x[.., .., .., ..(int)(dh / 2)]], -1) * sin;
        Tensor Proj(Tensor x, string name) => w.TryGetValue(name + ".bias", out var bias) ? x.matmul(w[name + ".weight"].t()) + bias : x.matmul(w[name + ".weight"].t());
        for (int l = 0; l < 2; l++)
        {
            var p = $"model.layers.{l}.";
            var x = RmsNorm(h, w[p + "input_layernorm.weight"], eps);
            var q = Proj(x, p + "self_attn.q_proj").view(b, t, heads, dh).transpose(1, 2);
            var k = Proj(x, p + "self_attn.k_proj").view(b, t, kv, dh).transpose(1, 2);
            var v = Proj(x, p + "self_attn.v_proj").view(b, t, kv, dh).transpose(1, 2);
            if (w.TryGetValue(p + "self_attn.q_norm.weight", out var qNorm))
            {
                q = RmsNorm(q, qNorm, eps);
                k = RmsNorm(k, w[p + "self_attn.k_norm.weight"], eps);
            }
            (q, k) = (Rope(q), Rope(k));
            Tensor Repeat(Tensor y) => y.unsqueeze(2).expand(b, kv, heads / kv, t, dh).reshape(b, heads, t, dh); // repeat_kv
            h = h + Proj(Merge(Attend(q, Repeat(k), Repeat(v))), p + "self_attn.o_proj");
            x = RmsNorm(h, w[p + "post_attention_layernorm.weight"], eps);
            var gate = Proj(x, p + "mlp.gate_proj");
            h = h + Proj(gate * gate.sigmoid() * Proj(x, p + "mlp.up_proj"), p + "mlp.down_proj");
        }
        var head = w.TryGetValue("lm_head.weight", out var untied) ? untied : w["model.embed_tokens.weight"];
        return RmsNorm(h, w["model.norm.weight"], eps).matmul(head.t());
    }
}
