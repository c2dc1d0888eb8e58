using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Checkpoints;
using static TorchSharp.torch;

namespace Mnemo.Pretrained;

/// <summary>The tensors of a checkpoint folder: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c> (its weight_map names the shard of every tensor).</summary>
public static class HfWeights
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>All tensors by HF name. Each shard is validated as it is read (see <see cref="SafeTensors"/>);
    /// the caller disposes the tensors.</summary>
    public static Dictionary<string, Tensor> Load(string folder)
    {
        var single = Path.Combine(folder, SingleFile);
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(single)) return SafeTensors.Load(single);
        if (!File.Exists(index)) throw NoWeights(folder);
        var shards = ReadIndex(index);
        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var shard in shards.Values.Distinct().Order(StringComparer.Ordinal))
            {
                foreach (var (name, t) in SafeTensors.Load(Path.Combine(folder, shard)))
                {
                    if (!shards.TryGetValue(name, out var listed) || listed != shard)
                    {
                        t.Dispose();
                        throw new MnemoException($"{index}: shard {shard} holds tensor '{name}', which the weight_map places {(listed is null ? "nowhere" : "in " + listed)}");
                    }
                    result[name] = t;
                }
            }
            if (shards.Keys.FirstOrDefault(n => !result.ContainsKey(n)) is { } missing)
                throw new MnemoException($"{index}: tensor '{missing}' is listed in {shards[missing]}, but that shard does not hold it");
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Name, safetensors dtype and element count of every tensor, from the file headers alone.</summary>
    public static List<(string Name, string Dtype, long Elements)> Entries(string folder)
    {
        var single = Path.Combine(folder, SingleFile);
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(single)) return SafeTensors.Entries(single);
        if (!File.Exists(index)) throw NoWeights(folder);
        return ReadIndex(index).Values.Distinct().SelectMany(shard => SafeTensors.Entries(Path.Combine(folder, shard))).ToList();
    }

    private static MnemoException NoWeights(string folder) =>
        new($"{folder}: no {SingleFile} and no {IndexFile} (only safetensors checkpoints are read; convert pytorch_model.bin with the safetensors tools)");

    /// <summary>weight_map: tensor name → shard file name (a plain file name in the same folder).</summary>
    public static Dictionary<string, string> ReadIndex(string path)
    {
        JsonObject map;
        try
        {
            map = (JsonNode.Parse(File.ReadAllText(path)) as JsonObject)?["weight_map"] as JsonObject
                  ?? throw new MnemoException($"{path}: no weight_map object");
        }
        catch (JsonException e) { throw new MnemoException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        var result = new Dictionary<string, string>();
        foreach (var (name, node) in map)
        {
            string? file = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            // a shard outside the folder (../x, /x) is refused: an index names files next to it
            if (file is null || file != Path.GetFileName(file) || !file.EndsWith(".safetensors"))
                throw new MnemoException($"{path}: tensor '{name}' has shard {node?.ToJsonString() ?? "null"}; expected a .safetensors file name in the same folder");
            result[name] = file;
        }
        return result;
    }
}
