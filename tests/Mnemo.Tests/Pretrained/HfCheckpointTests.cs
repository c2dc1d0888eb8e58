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
        var prefix = arch == "gpt_neox" ? "" : "transformer.";
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
        var folder = TinyCheckpoints.Write(Path.Combine(dir, "llama"), "gpt2");
        var config = TinyCheckpoints.Config("gpt2");
        config["model_type"] = "llama";
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        var error = Assert.Throws<MnemoException>(() => HfCheckpoint.Open(folder));
        Assert.Contains("model_type 'llama' is not supported", error.Message);
        Assert.Contains("gpt2, bloom, gpt_neox", error.Message);
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
}
