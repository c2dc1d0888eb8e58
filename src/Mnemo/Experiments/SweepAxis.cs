using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Mnemo.Experiments;

/// <summary>One extra sweep axis of an experiment file: a run setting named by its dotted path
/// (<c>format_options.spacing</c>, <c>training.max_length</c>) and the values it takes. Its column in
/// results.csv is the path's last part.</summary>
public sealed record SweepAxis(string Path, IReadOnlyList<string> Values)
{
    public string Column => Path.Split('.')[^1];

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    /// <summary><paramref name="config"/> with this axis set to <paramref name="value"/> (read as YAML, so
    /// <c>true</c>, <c>2</c> and <c>[1, 2]</c> keep their types), checked like a config file's field.</summary>
    public RunConfig Apply(RunConfig config, string value)
    {
        var tree = JsonSerializer.SerializeToNode(config, ConfigFiles.Json)!.AsObject();
        var keys = Path.Split('.');
        var node = tree;
        foreach (var key in keys[..^1])
            node = node[key] as JsonObject ?? throw new MnemoException($"sweep: '{Path}' is not a run setting ('{key}' is not a section)");
        if (!node.ContainsKey(keys[^1]) || keys[0] is "axes" or "seed" or "format")
            throw new MnemoException($"sweep: '{Path}' is not a run setting that can be swept (formats, schemes and seeds have their own lists)");
        node[keys[^1]] = Parse(value);
        try { return tree.Deserialize<RunConfig>(ConfigFiles.Json)!; }
        catch (JsonException e) { throw new MnemoException($"sweep: {Path}: cannot use the value '{value}' ({e.Message.Split('\n')[0]})"); }
    }

    private JsonNode? Parse(string value)
    {
        object? parsed;
        try { parsed = Yaml.Deserialize<object>(value); }
        catch (YamlDotNet.Core.YamlException) { parsed = value; }
        return ToJson(parsed);
    }

    // YAML scalars come back as strings: give numbers and booleans their JSON types
    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s when bool.TryParse(s, out var b) => JsonValue.Create(b),
        string s when long.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        string s => JsonValue.Create(s),
        List<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => throw new MnemoException($"sweep: values must be numbers, words, booleans or lists, got {value}"),
    };
}
