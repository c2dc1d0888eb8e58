using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Mnemo.Experiments;

/// <summary>One extra sweep axis of an experiment file: a run setting named by its dotted path
/// (<c>format_options.spacing</c>, <c>training.max_length</c>) and the values it takes. Its column in
/// results.csv is the path's last part.</summary>
public sealed record SweepAxis(string Path, IReadOnlyList<string> Values)
{
    public string Column => Path.Split('.')[^1];

    /// <summary><paramref name="config"/> with this axis set to <paramref name="value"/>, read as YAML (so
    /// <c>true</c>, <c>2</c> and <c>[1, 2]</c> keep their types) and checked like a config file's field.</summary>
    /// <param name="label">Where the value was given, before the path in an error (<c>sweep.training.steps: …</c>); "": the path alone.</param>
    public RunConfig Apply(RunConfig config, string value, string label = "sweep")
    {
        var at = label == "" ? Path : $"{label}.{Path}";
        var tree = JsonSerializer.SerializeToNode(config, ConfigFiles.Json)!.AsObject();
        var keys = Path.Split('.');
        var node = tree;
        Type section = typeof(RunConfig);
        foreach (var key in keys[..^1])
        {
            if (!ConfigSchema.Settings(section).TryGetValue(key, out var inner) || node[key] is not JsonObject child)
                throw new MnemoException($"sweep: '{Path}' is not a run setting ('{key}' is not a section)");
            (node, section) = (child, inner.PropertyType);
        }
        if (!ConfigSchema.Settings(section).TryGetValue(keys[^1], out var property) || keys[0] is "axes" or "seed" or "format")
            throw new MnemoException($"sweep: '{Path}' is not a run setting that can be swept (formats, schemes and seeds have their own lists)");
        node[keys[^1]] = new ConfigSchema(_ => "").Convert(Yaml(value), property.PropertyType, at, ConfigSchema.IsOptional(property));
        try { return tree.Deserialize<RunConfig>(ConfigFiles.Json)!; }
        catch (JsonException e) { throw new MnemoException($"{at}: cannot use the value '{value}' ({e.Message.Split('\n')[0]})"); }
    }

    private static YamlNode Yaml(string value)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(value)); }
        catch (YamlDotNet.Core.YamlException) { return new YamlScalarNode(value); }
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : new YamlScalarNode(value);
    }
}
