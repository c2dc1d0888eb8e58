using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Pretrained;

/// <summary>A checkpoint's config.json: the raw object (written back, updated, when a fine-tuned model is
/// saved) and typed reads that name the file and the key when a value is missing or of the wrong type.</summary>
public sealed class HfConfig
{
    private HfConfig(string path, JsonObject json)
    {
        Path = path;
        Json = json;
        ModelType = String("model_type") ?? throw new MnemoException($"{path}: no model_type (not a Hugging Face model config?)");
    }

    public string Path { get; }
    public JsonObject Json { get; }
    public string ModelType { get; }

    public static HfConfig Load(string path)
    {
        if (!File.Exists(path)) throw new MnemoException($"{path}: not found (a Hugging Face checkpoint folder has config.json, model.safetensors and tokenizer.json)");
        try
        {
            return new HfConfig(path, JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                                      ?? throw new MnemoException($"{path}: not a JSON object"));
        }
        catch (JsonException e) { throw new MnemoException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new MnemoException($"{path}: cannot read ({e.Message})"); }
    }

    /// <summary>The first of <paramref name="keys"/> present (HF renamed several keys over time).</summary>
    private JsonNode? Find(string[] keys) => keys.Select(k => Json[k]).FirstOrDefault(n => n is not null);

    public int Int(params string[] keys) => IntOr(null, keys) ?? throw new MnemoException($"{Path}: missing '{keys[0]}'");

    /// <summary>The first of <paramref name="keys"/> present and not null, else <paramref name="fallback"/>
    /// (the transformers configuration class's default).</summary>
    public int Int(int fallback, params string[] keys) => IntOr(fallback, keys)!.Value;

    /// <summary>An id that config.json may give as one number or a list (v5: eos_token_id of Llama 3 instruct
    /// models); a list gives its first. Without a fallback, a missing key is an error.</summary>
    public int FirstInt(int? fallback, string key)
    {
        var node = Json[key] is System.Text.Json.Nodes.JsonArray { Count: > 0 } list ? list[0] : Json[key];
        if (node is null) return fallback ?? throw new MnemoException($"{Path}: missing '{key}'");
        try { return node.GetValue<int>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new MnemoException($"{Path}: '{key}' must be an integer or a list of integers ({Json[key]!.ToJsonString()})"); }
    }

    public int? IntOr(int? fallback, params string[] keys) => Read(keys, n => n.GetValue<int>()) ?? fallback;

    public double Double(double fallback, params string[] keys) => Read(keys, n => n.GetValue<double>()) ?? fallback;

    public bool Bool(bool fallback, params string[] keys) => Read(keys, n => n.GetValue<bool>()) ?? fallback;

    public string? String(params string[] keys) => Read(keys, n => n.GetValue<string>());

    private T? Read<T>(string[] keys, Func<JsonNode, T> get) where T : struct
    {
        var node = Find(keys);
        if (node is null) return null;
        try { return get(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new MnemoException($"{Path}: '{keys[0]}' has the wrong type ({node.ToJsonString()})"); }
    }

    private string? Read(string[] keys, Func<JsonNode, string> get)
    {
        var node = Find(keys);
        if (node is null) return null;
        try { return get(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new MnemoException($"{Path}: '{keys[0]}' must be a string ({node.ToJsonString()})"); }
    }

    /// <summary>A number inside a nested object of the config (e.g. rope_parameters), or null when absent.</summary>
    public double? DoubleIn(JsonObject parent, string parentKey, string key)
    {
        if (parent[key] is not { } node) return null;
        try { return node.GetValue<double>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new MnemoException($"{Path}: {parentKey}.{key} must be a number ({node.ToJsonString()})"); }
    }

    /// <summary>A string inside a nested object of the config, or null when absent.</summary>
    public string? StringIn(JsonObject parent, string parentKey, string key)
    {
        if (parent[key] is not { } node) return null;
        try { return node.GetValue<string>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new MnemoException($"{Path}: {parentKey}.{key} must be a string ({node.ToJsonString()})"); }
    }

    /// <summary>Throws unless <paramref name="key"/> is absent or has the one value this loader implements.</summary>
    public void Require(string key, bool expected)
    {
        if (Json[key] is not null && Bool(expected, key) != expected)
            throw new MnemoException($"{Path}: {key} = {(!expected).ToString().ToLowerInvariant()} is not supported (only {expected.ToString().ToLowerInvariant()})");
    }
}
