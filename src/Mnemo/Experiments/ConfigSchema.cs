using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Mnemo.Experiments;

/// <summary>Turns a YAML tree of settings into the JSON that System.Text.Json reads into the settings'
/// records, checking every value against its property's type on the way: each mistake is one
/// <see cref="MnemoException"/> naming the dotted field, the value, what was expected in words and where the
/// value came from (<c>file:line</c> or <c>--set …</c>). Experiment files, <c>--set</c> and sweep-axis
/// values all pass through here, so a value means the same wherever it is written (one boolean rule,
/// finite numbers only).</summary>
/// <param name="origin">Where a node was written, e.g. <c>exp.yaml:12</c> or <c>--set training.steps=5</c>;
/// empty: the caller names the place.</param>
public sealed class ConfigSchema(Func<YamlNode, string> origin)
{
    /// <summary>Words read as booleans, in files, <c>--set</c> and sweep axes alike (YAML 1.1's, any case).</summary>
    public static readonly IReadOnlyList<string> TrueWords = ["true", "yes", "on"], FalseWords = ["false", "no", "off"];

    public static bool? Boolean(string word) =>
        TrueWords.Contains(word.ToLowerInvariant()) ? true : FalseWords.Contains(word.ToLowerInvariant()) ? false : null;

    /// <summary>The JSON for <paramref name="node"/> as a value of <paramref name="type"/> at <paramref name="path"/>.</summary>
    /// <param name="optional">The property takes null (declared with '?', e.g. pretrained.anchor_tokens).</param>
    public JsonNode? Convert(YamlNode node, Type type, string path, bool optional = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsNull(node))
        {
            if (underlying is not null || optional) return null;
            throw Error(path, node, $"no value given; expected {Expected(type)}");
        }
        type = underlying ?? type;
        if (type == typeof(string)) return JsonValue.Create(Scalar(node, type, path));
        if (type == typeof(int) || type == typeof(long))
        {
            var text = Scalar(node, type, path);
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                || (type == typeof(int) && n is < int.MinValue or > int.MaxValue))
                throw Error(path, node, $"'{text}' is not {Expected(type)}");
            return type == typeof(int) ? JsonValue.Create((int)n) : JsonValue.Create(n);
        }
        if (type == typeof(double))
        {
            var text = Scalar(node, type, path);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                throw Error(path, node, $"'{text}' is not {Expected(type)}");
            return JsonValue.Create(d);
        }
        if (type == typeof(bool))
        {
            var text = Scalar(node, type, path);
            return JsonValue.Create(Boolean(text) ?? throw Error(path, node, $"'{text}' is not {Expected(type)}"));
        }
        if (type.IsEnum)
        {
            var text = Scalar(node, type, path);
            if (!EnumNames(type).Contains(text)) throw Error(path, node, $"'{text}' is not {Expected(type)}");
            return JsonValue.Create(text);
        }
        if (ElementType(type) is { } element)
        {
            if (node is not YamlSequenceNode list) throw Error(path, node, $"'{Show(node)}' is not {Expected(type)}{ListHint(node)}");
            return new JsonArray([.. list.Children.Select((item, i) => Convert(item, element, $"{path}[{i}]"))]);
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            if (node is not YamlMappingNode map) throw Error(path, node, $"'{Show(node)}' is not {Expected(type)}");
            var result = new JsonObject();
            foreach (var (key, value) in map.Children)
            {
                var name = Key(key, path);
                result[name] = Convert(value, valueType, Join(path, name));
            }
            return result;
        }
        return Section(node, type, path);
    }

    /// <summary>The settable properties of a settings record by their file names (snake_case).</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<YamlDotNet.Serialization.YamlIgnoreAttribute>() is null)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

    /// <summary>The setting takes null (declared with '?', e.g. pretrained.anchor_tokens).</summary>
    public static bool IsOptional(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;

    private JsonObject Section(YamlNode node, Type type, string path)
    {
        if (node is not YamlMappingNode map) throw Error(path, node, $"'{Show(node)}' is not {Expected(type)}");
        var settings = Settings(type);
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = Key(key, path);
            if (!settings.TryGetValue(name, out var property))
                throw new MnemoException(
                    $"{Join(path, name)}: unknown setting{Spelling.Suggest(name, settings.Keys)} (known{(path == "" ? "" : $" in {path}")}: {string.Join(", ", settings.Keys)}){Where(key)}");
            // an empty section keeps its defaults
            if (IsNull(value) && Settings(property.PropertyType).Count > 0 && ElementType(property.PropertyType) is null) continue;
            result[name] = Convert(value, property.PropertyType, Join(path, name), IsOptional(property));
        }
        return result;
    }

    private string Key(YamlNode key, string path) =>
        key is YamlScalarNode { Value: { } name } ? name : throw Error(path, key, $"'{Show(key)}' is not a setting name");

    private string Scalar(YamlNode node, Type type, string path) =>
        node is YamlScalarNode { Value: { } text } ? text : throw Error(path, node, $"'{Show(node)}' is not {Expected(type)}");

    private MnemoException Error(string path, YamlNode node, string problem) =>
        new($"{(path == "" ? "the experiment file" : path)}: {problem}{Where(node)}");

    private string Where(YamlNode node) => origin(node) is { Length: > 0 } where ? $" ({where})" : "";

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string ListHint(YamlNode node) =>
        node is YamlScalarNode { Value: { } text } && text.Contains(',') ? $"; write [{text.Replace(",", ", ")}]" : "";

    /// <summary>What a value of <paramref name="type"/> must be, in words.</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int)) return "a whole number from -2147483648 to 2147483647";
        if (type == typeof(long)) return "a whole number";
        if (type == typeof(double)) return "a finite number (e.g. 0.001 or 1e-3)";
        if (type == typeof(bool)) return $"a boolean ({string.Join(", ", TrueWords)} / {string.Join(", ", FalseWords)})";
        if (type == typeof(string)) return "a single word or text";
        if (type.IsEnum) return $"one of: {string.Join(", ", EnumNames(type))}";
        if (ElementType(type) is { } element) return $"a list of {Plural(element)} in brackets";
        if (DictionaryValueType(type) is { } value) return $"a mapping of names to {Plural(value)}";
        return "a section of settings (name: value)";
    }

    private static string Plural(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int) || type == typeof(long)) return "whole numbers";
        if (type == typeof(double)) return "numbers";
        if (type == typeof(string)) return "words";
        if (type == typeof(bool)) return "booleans";
        return ElementType(type) is not null ? "lists" : "values";
    }

    private static IEnumerable<string> EnumNames(Type type) =>
        Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName);

    private static Type? ElementType(Type type) =>
        type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element]
            ? element : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            ? value : null;

    private static string Join(string path, string name) => path == "" ? name : $"{path}.{name}";

    /// <summary>A node as the user wrote it, shortened to one line.</summary>
    public static string Show(YamlNode node)
    {
        var text = node switch
        {
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode list => $"[{string.Join(", ", list.Children.Select(Show))}]",
            YamlMappingNode map => $"{{{string.Join(", ", map.Children.Select(kv => $"{Show(kv.Key)}: {Show(kv.Value)}"))}}}",
            _ => node.ToString(),
        };
        text = text.ReplaceLineEndings(" ");
        return text.Length > 60 ? text[..57] + "..." : text;
    }
}
