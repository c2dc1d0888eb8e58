using System.Text.Json.Nodes;
using Mnemo.Checkpoints;
using Mnemo.Models;
using Mnemo.Pretrained;
using static TorchSharp.torch;

namespace Mnemo.Tests.Pretrained;

public sealed class HfCheckpointTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-hf").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private static TransformerLM Load(string folder, out IReadOnlyList<string> ignored)
    {
        var checkpoint = HfCheckpoint.Open(folder);
        var config = checkpoint.Resolve(new ModelConfig());
        var model = new TransformerLM(config, checkpoint.VocabSize, config.MaxPositions);
        ignored = checkpoint.LoadInto(model);
        model.eval();
        return model;
    }

    private static Tensor Ids => tensor(new long[,] { { 5, 300, 17, 42, 260, 99, 3 }, { 270, 12, 8, 281, 44, 101, 7 } });

    private static Tensor Logits(TransformerLM model)
    {
        var ids = Ids;
        var pos = arange(ids.shape[1], dtype: int64).expand(ids.shape[0], -1);
        return model.Forward(ids, pos);
    }

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Logits_equal_an_independent_forward_pass(string arch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var folder = TinyCheckpoints.Write(Path.Combine(dir, arch), arch);
        using var model = Load(folder, out _);
        var reference = ReferenceForward.Logits(arch, SafeTensors.Load(Path.Combine(folder, "model.safetensors")), Ids);
        var ours = Logits(model);
        Assert.Equal(reference.shape, ours.shape);
        double difference = (ours - reference).abs().max().item<float>();
        Assert.True(difference < 1e-4, $"{arch}: max |Δlogit| = {difference}");
    }

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Every_tensor_is_used_and_only_weightless_buffers_are_ignored(string arch)
    {
        var folder = TinyCheckpoints.Write(Path.Combine(dir, arch), arch, sharded: arch == "bloom");
        using var model = Load(folder, out var ignored);
        var expected = arch switch
        {
            "gpt2" => new[] { "h.0.attn.bias", "h.1.attn.bias" },
            "gpt_neox" => ["gpt_neox.layers.0.attention.rotary_emb.inv_freq", "gpt_neox.layers.1.attention.rotary_emb.inv_freq"],
            _ => [],
        };
        Assert.Equal(expected, ignored);
        var checkpoint = HfCheckpoint.Open(folder);
        var mapped = checkpoint.Architecture.Tensors(model.Config).Select(m => m.OurName).ToHashSet();
        Assert.Equal(model.named_parameters().Select(p => p.name).Order(), mapped.Order()); // the mapping covers every parameter
    }

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Sharded_and_single_file_checkpoints_load_the_same_model(string arch)
    {
        using var noGrad = no_grad();
        using var single = Load(TinyCheckpoints.Write(Path.Combine(dir, "one"), arch), out var _);
        using var sharded = Load(TinyCheckpoints.Write(Path.Combine(dir, "two"), arch, sharded: true), out var _);
        Assert.True(File.Exists(Path.Combine(dir, "two", "model-00002-of-00002.safetensors")));
        foreach (var (name, t) in single.state_dict()) Assert.True(TinyCheckpoints.Identical(t, sharded.state_dict()[name]), name);
    }

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Save_then_load_gives_identical_tensors_and_logits(string arch)
    {
        using var noGrad = no_grad();
        var original = TinyCheckpoints.Write(Path.Combine(dir, "in"), arch);
        var saved = Path.Combine(dir, "out");
        using var model = Load(original, out _);
        HfCheckpointWriter.Save(HfCheckpoint.Open(original), model, [], saved);

        // the saved file holds the original tensors under the names save_pretrained writes
        var before = SafeTensors.Load(Path.Combine(original, "model.safetensors"));
        var (after, metadata) = SafeTensors.LoadWithMetadata(Path.Combine(saved, "model.safetensors"));
        Assert.Equal("pt", metadata["format"]);
        var prefix = arch == "gpt_neox" || TinyCheckpoints.IsLlamaFamily(arch) ? "" : "transformer."; // the Llama family's are written with model. already
        var weights = before.Where(kv => !kv.Key.EndsWith(".attn.bias") && !kv.Key.EndsWith(".inv_freq")).ToList();
        Assert.Equal(weights.Select(kv => prefix + kv.Key).Order(), after.Keys.Order());
        foreach (var (name, t) in weights) Assert.True(TinyCheckpoints.Identical(t, after[prefix + name]), name);

        using var reloaded = Load(saved, out var ignored);
        Assert.Empty(ignored);
        foreach (var (name, t) in model.state_dict()) Assert.True(TinyCheckpoints.Identical(t, reloaded.state_dict()[name]), name);
        Assert.True(TinyCheckpoints.Identical(Logits(model), Logits(reloaded)));
        Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(original, "tokenizer.json")))!.ToJsonString(),
            JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "tokenizer.json")))!.ToJsonString());
    }

    [Fact]
    public void An_unsupported_model_type_is_named()
    {
        var folder = TinyCheckpoints.Write(Path.Combine(dir, "mamba"), "gpt2");
        var config = TinyCheckpoints.Config("gpt2");
        config["model_type"] = "mamba";
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        var error = Assert.Throws<MnemoException>(() => HfCheckpoint.Open(folder));
        Assert.Contains("model_type 'mamba' is not supported", error.Message);
        Assert.Contains("gpt2, bloom, gpt_neox, llama, mistral, qwen2, qwen3", error.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        var folder = Path.Combine(dir, "missing");
        TinyCheckpoints.Write(folder, "bloom");
        var tensors = SafeTensors.Load(Path.Combine(folder, "model.safetensors"));
        tensors.Remove("h.1.mlp.dense_4h_to_h.bias");
        SafeTensors.Save(Path.Combine(folder, "model.safetensors"), tensors);
        var error = Assert.Throws<MnemoException>(() => Load(folder, out _));
        Assert.Contains("lacks tensor 'transformer.h.1.mlp.dense_4h_to_h.bias'", error.Message);
    }

    [Fact]
    public void An_unexpected_tensor_or_a_wrong_shape_is_named()
    {
        var folder = Path.Combine(dir, "extra");
        TinyCheckpoints.Write(folder, "gpt_neox");
        var tensors = SafeTensors.Load(Path.Combine(folder, "model.safetensors"));
        tensors["gpt_neox.layers.2.attention.dense.weight"] = zeros(16, 16);
        SafeTensors.Save(Path.Combine(folder, "model.safetensors"), tensors);
        Assert.Contains("unexpected tensor 'gpt_neox.layers.2.attention.dense.weight'", Assert.Throws<MnemoException>(() => Load(folder, out _)).Message);

        tensors.Remove("gpt_neox.layers.2.attention.dense.weight");
        tensors["gpt_neox.layers.0.mlp.dense_h_to_4h.weight"] = zeros(41, 16);
        SafeTensors.Save(Path.Combine(folder, "model.safetensors"), tensors);
        var error = Assert.Throws<MnemoException>(() => Load(folder, out _)).Message;
        Assert.Contains("'gpt_neox.layers.0.mlp.dense_h_to_4h.weight' has shape [41, 16], config.json implies [40, 16]", error);
    }

    [Fact]
    public void A_shard_index_may_not_point_outside_its_folder_or_miss_a_tensor()
    {
        var folder = TinyCheckpoints.Write(Path.Combine(dir, "shards"), "gpt2", sharded: true);
        var indexPath = Path.Combine(folder, "model.safetensors.index.json");
        var index = File.ReadAllText(indexPath);
        File.WriteAllText(indexPath, index.Replace("\"model-00001-of-00002.safetensors\"", "\"../model-00001-of-00002.safetensors\""));
        Assert.Contains("expected a .safetensors file name in the same folder", Assert.Throws<MnemoException>(() => Load(folder, out _)).Message);

        var node = JsonNode.Parse(index)!;
        node["weight_map"]!["ln_f.weight"] = "model-00001-of-00002.safetensors";
        node["weight_map"]!["ln_f.bias"] = "model-00001-of-00002.safetensors";
        File.WriteAllText(indexPath, node.ToJsonString());
        Assert.Contains("which the weight_map places in", Assert.Throws<MnemoException>(() => Load(folder, out _)).Message);
    }

    [Fact]
    public void A_damaged_weights_file_gives_one_error_naming_it()
    {
        var folder = TinyCheckpoints.Write(Path.Combine(dir, "damaged"), "gpt2");
        var path = Path.Combine(folder, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<MnemoException>(() => Load(folder, out _));
        Assert.StartsWith(path, error.Message);
    }

    /// <summary>A tiny checkpoint whose config.json is edited by <paramref name="edit"/>.</summary>
    private string WriteWith(string name, string arch, Action<JsonObject> edit)
    {
        var folder = TinyCheckpoints.Write(Path.Combine(dir, name), arch);
        var config = TinyCheckpoints.Config(arch);
        edit(config);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        return folder;
    }

    public static TheoryData<string, double, double> NeoXRotaryLayouts => new()
    {
        { "v4 without rotary keys", 0.25, 10000 }, // GPTNeoXConfig's defaults: rotary_pct 0.25, rotary_emb_base 10000
        { "v4 explicit", 0.5, 500 },
        { "v5 rope_parameters", 0.5, 500 },
        { "v5 rope_parameters without the factor", 0.25, 500 },
        { "v4 keys inside a v5 file", 0.5, 500 },
    };

    [Theory]
    [MemberData(nameof(NeoXRotaryLayouts))]
    public void Gpt_neox_rotary_settings_follow_the_config_class_in_both_layouts(string layout, double fraction, double theta)
    {
        var folder = WriteWith("neox", "gpt_neox", c =>
        {
            c.Remove("rotary_pct");
            c.Remove("rotary_emb_base");
            switch (layout)
            {
                case "v4 explicit": c["rotary_pct"] = 0.5; c["rotary_emb_base"] = 500; break;
                case "v5 rope_parameters": c["rope_parameters"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = 500.0, ["partial_rotary_factor"] = 0.5 }; break;
                case "v5 rope_parameters without the factor": c["rope_parameters"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = 500.0 }; break;
                case "v4 keys inside a v5 file": c["rotary_pct"] = 0.5; c["rope_parameters"] = new JsonObject { ["rope_theta"] = 500.0 }; break;
            }
        });
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var model = Load(folder, out _);
        Assert.Equal((fraction, theta), (model.Config.RotaryFraction, model.Config.RotaryBase));
        var reference = ReferenceForward.NeoX(SafeTensors.Load(Path.Combine(folder, "model.safetensors")), Ids, fraction, theta);
        double difference = (Logits(model) - reference).abs().max().item<float>();
        Assert.True(difference < 1e-4, $"{layout}: max |Δlogit| = {difference}");
    }

    [Theory]
    [InlineData("rope_parameters", "rope_type", "linear", "rope_parameters.rope_type 'linear' is not supported")]
    [InlineData("rope_scaling", "type", "dynamic", "rope_scaling.rope_type 'dynamic' is not supported")]
    [InlineData("rope_parameters", "rope_type", "yarn", "rope_parameters.rope_type 'yarn' is not supported")]
    public void Rotary_scaling_is_refused_by_name(string key, string typeKey, string type, string expected)
    {
        var folder = WriteWith("scaled", "gpt_neox", c => c[key] = new JsonObject { [typeKey] = type, ["factor"] = 2.0 });
        var error = Assert.Throws<MnemoException>(() => HfCheckpoint.Open(folder).Resolve(new ModelConfig()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Keys_absent_from_config_json_take_the_defaults_of_the_transformers_config_classes()
    {
        ModelConfig Bare(string arch)
        {
            var folder = WriteWith("bare-" + arch, arch, c =>
            {
                foreach (var key in c.Select(kv => kv.Key).Where(k => k != "model_type").ToList()) c.Remove(key);
            });
            return HfCheckpoint.Open(folder).Resolve(new ModelConfig());
        }
        // GPT2Config(): 12 layers, n_embd 768, 12 heads, n_inner None → 4·768, 1024 positions, gelu_new, tied
        var gpt2 = Bare("gpt2");
        Assert.Equal((12, 768, 12, 3072, 1024, true, true, 1e-5), (gpt2.Layers, gpt2.DModel, gpt2.Heads, gpt2.MlpWidth, gpt2.MaxPositions, gpt2.GeluTanh, gpt2.TieEmbeddings, gpt2.Epsilon));
        // BloomConfig(): hidden_size 64, n_layer 2, n_head 8, tied (PretrainedConfig's tie_word_embeddings)
        var bloom = Bare("bloom");
        Assert.Equal((2, 64, 8, 256, true, 1e-5), (bloom.Layers, bloom.DModel, bloom.Heads, bloom.MlpWidth, bloom.TieEmbeddings, bloom.Epsilon));
        // GPTNeoXConfig(): 44 layers, 6144 wide, 64 heads, 24576 inner, rotary 0.25 of each head at base 10000, untied, parallel residual, exact gelu
        var neox = Bare("gpt_neox");
        Assert.Equal((44, 6144, 64, 24576, 0.25, 10000.0, false, true, false), (neox.Layers, neox.DModel, neox.Heads, neox.MlpWidth, neox.RotaryFraction, neox.RotaryBase, neox.TieEmbeddings, neox.ParallelResidual, neox.GeluTanh));
        Assert.Equal((50257, 50256), (HfCheckpoint.Open(Path.Combine(dir, "bare-gpt2")).VocabSize, HfCheckpoint.Open(Path.Combine(dir, "bare-gpt2")).EosId));
        Assert.Equal((250880, 2), (HfCheckpoint.Open(Path.Combine(dir, "bare-bloom")).VocabSize, HfCheckpoint.Open(Path.Combine(dir, "bare-bloom")).EosId));
        Assert.Equal((50432, 2), (HfCheckpoint.Open(Path.Combine(dir, "bare-gpt_neox")).VocabSize, HfCheckpoint.Open(Path.Combine(dir, "bare-gpt_neox")).EosId));
    }

    [Fact]
    public void Mistral_loads_with_full_attention_only_and_takes_mistral_config_s_defaults()
    {
        // MistralConfig's sliding_window is 4096 when absent: sliding-window attention, refused by name
        var bare = WriteWith("bare-mistral", "mistral", c =>
        {
            foreach (var key in c.Select(kv => kv.Key).Where(k => k != "model_type").ToList()) c.Remove(key);
        });
        var error = Assert.Throws<MnemoException>(() => HfCheckpoint.Open(bare).Resolve(new ModelConfig()));
        Assert.Contains("sliding_window is absent, which MistralConfig reads as 4096", error.Message);
        var v01 = WriteWith("mistral-v01", "mistral", c => c["sliding_window"] = 4096);
        error = Assert.Throws<MnemoException>(() => HfCheckpoint.Open(v01).Resolve(new ModelConfig()));
        Assert.Contains("sliding_window = 4096 is not supported", error.Message);

        // with null (v0.2, v0.3): 32 layers, 4096 wide, 32 heads, 8 kv heads, 14336 inner, ε 1e-6, θ 10000, untied, no biases
        var folder = WriteWith("null-mistral", "mistral", c =>
        {
            foreach (var key in c.Select(kv => kv.Key).Where(k => k is not ("model_type" or "sliding_window")).ToList()) c.Remove(key);
            c["attention_bias"] = true; // MistralAttention's projections have no bias whatever the config says
        });
        var checkpoint = HfCheckpoint.Open(folder);
        var m = checkpoint.Resolve(new ModelConfig());
        Assert.Equal((32, 4096, 32, 14336, 1e-6, 10000.0, false), (m.Layers, m.DModel, m.Heads, m.MlpWidth, m.Epsilon, m.RotaryBase, m.TieEmbeddings));
        Assert.Equal((8, 128, false, false), (m.Llama!.KvHeads, m.Llama.HeadSize, m.Llama.QkvBias, m.Llama.OutputBias));
        Assert.Equal((32000, 2), (checkpoint.VocabSize, checkpoint.EosId));
    }

    [Theory]
    [InlineData("gpt2", "scale_attn_by_inverse_layer_idx", true)]
    [InlineData("gpt2", "scale_attn_weights", false)]
    [InlineData("gpt2", "add_cross_attention", true)]
    [InlineData("bloom", "apply_residual_connection_post_layernorm", true)]
    [InlineData("gpt_neox", "attention_bias", false)]
    public void A_key_that_changes_the_computation_and_is_not_implemented_is_refused_by_name(string arch, string key, bool value)
    {
        var folder = WriteWith("refused", arch, c => c[key] = value);
        var error = Assert.Throws<MnemoException>(() => HfCheckpoint.Open(folder).Resolve(new ModelConfig()));
        Assert.Contains($"{key} = {value.ToString().ToLowerInvariant()} is not supported", error.Message);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("bloom")]
    public void An_untied_head_is_saved_as_lm_head_outside_the_base_model(string arch)
    {
        using var noGrad = no_grad();
        var folder = WriteWith("untied", arch, c => c["tie_word_embeddings"] = false);
        var weights = Path.Combine(folder, "model.safetensors");
        var tensors = SafeTensors.Load(weights);
        long d = arch == "gpt2" ? 16 : 24;
        tensors["lm_head.weight"] = randn(TinyCheckpoints.VocabSize, d);
        SafeTensors.Save(weights, tensors);
        using var model = Load(folder, out _);
        var saved = Path.Combine(dir, "saved");
        HfCheckpointWriter.Save(HfCheckpoint.Open(folder), model, [], saved);
        var after = SafeTensors.Load(Path.Combine(saved, "model.safetensors"));
        Assert.Contains("lm_head.weight", after.Keys); // GPT2LMHeadModel / BloomForCausalLM: lm_head is theirs, not transformer's
        Assert.DoesNotContain("transformer.lm_head.weight", after.Keys);
        Assert.True(TinyCheckpoints.Identical(tensors["lm_head.weight"], after["lm_head.weight"]));
        Assert.Contains("transformer.h.0.ln_1.weight".Replace("ln_1", arch == "gpt2" ? "ln_1" : "input_layernorm"), after.Keys);

        // a head under the base model's prefix is not where transformers looks for it
        after["transformer.lm_head.weight"] = after["lm_head.weight"];
        after.Remove("lm_head.weight");
        SafeTensors.Save(Path.Combine(saved, "model.safetensors"), after);
        Assert.Contains("lacks tensor 'lm_head.weight'", Assert.Throws<MnemoException>(() => Load(saved, out _)).Message);
    }

    [Theory]
    [InlineData("dtype", "bfloat16")]
    [InlineData("torch_dtype", "float16")]
    [InlineData(null, null)]
    public void The_saved_config_names_the_dtype_of_the_saved_weights_under_the_source_s_key(string? key, string? dtype)
    {
        var folder = WriteWith("typed", "bloom", c => { if (key is not null) c[key] = dtype; });
        using var model = Load(folder, out _);
        var saved = Path.Combine(dir, "saved");
        HfCheckpointWriter.Save(HfCheckpoint.Open(folder), model, [], saved);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "config.json")))!.AsObject();
        var expected = key ?? "torch_dtype"; // a source without either gets the key every transformers version reads
        Assert.Equal("float32", (string?)config[expected]);
        Assert.Single(config, kv => kv.Key is "dtype" or "torch_dtype");
        Assert.All(SafeTensors.Load(Path.Combine(saved, "model.safetensors")).Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
    }
}
