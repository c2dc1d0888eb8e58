using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mnemo.Experiments;

/// <summary>Reads experiment files (YAML, or JSON which is YAML too) with dotted command-line overrides
/// (<c>training.steps=500</c>), and reads/writes resolved run configs as JSON. Every failure is a
/// <see cref="MnemoException"/> naming the file and the field.</summary>
public static class ConfigFiles
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The scale asked for, as errors name it.</summary>
    public static readonly InputName Scale = new("scale");

    /// <param name="scale">One of the file's <c>scales</c> (e.g. <c>quick</c>, <c>paper</c>): its settings are
    /// applied before <paramref name="overrides"/>. Null: the file's <c>scale</c>, else <c>quick</c> when the file has it.</param>
    public static ExperimentConfig LoadExperiment(string path, IEnumerable<string>? overrides = null, string? scale = null) =>
        ParseExperiment(InputFile.ReadText(path, "experiment file"), path, overrides, scale);

    public static ExperimentConfig ParseExperiment(string text, string source, IEnumerable<string>? overrides = null, string? scale = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new MnemoException($"{source}: the experiment file is empty");
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new MnemoException($"{source}: not valid YAML at line {e.Start.Line}: {Inner(e)}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new MnemoException($"{source}: the experiment file must be a mapping of settings (name, task, formats, …)");
        var origins = new Origins(source);
        var chosen = ApplyScale(root, scale, source);
        foreach (var o in overrides ?? []) Apply(root, o, origins);
        MoveEarlierKeys(root, origins);

        var json = new ConfigSchema(origins.Of).Convert(root, typeof(ExperimentConfig), "");
        ExperimentConfig config;
        try { config = json.Deserialize<ExperimentConfig>(Json) ?? new ExperimentConfig(); }
        catch (JsonException e) { throw new MnemoException($"{source}: {e.Message.Split('\n')[0]}"); }
        config = config with { Scale = chosen };
        try { config.Validate(); }
        catch (MnemoException e) { throw new MnemoException($"{e.Message} ({origins.OfField(root, e.Message)})"); }
        return config;
    }

    /// <summary>Where each setting was written: a line of the file, or a <c>--set</c> on the command line.</summary>
    private sealed class Origins(string source)
    {
        private readonly Dictionary<YamlNode, string> set = new(ReferenceEqualityComparer.Instance);

        public void Add(YamlNode node, string assignment)
        {
            set[node] = $"--set {assignment}";
            foreach (var child in node.AllNodes) set[child] = $"--set {assignment}";
        }

        public string Of(YamlNode node) => set.GetValueOrDefault(node) ?? $"{source}:{node.Start.Line}";

        /// <summary>The origin of the field a validation message starts with (<c>training.steps: …</c>): the
        /// deepest node of its dotted path that exists, else the file.</summary>
        public string OfField(YamlMappingNode root, string message)
        {
            var field = System.Text.RegularExpressions.Regex.Match(message, @"^[a-z_]+(\.[a-z_]+)*(?=:)");
            if (!field.Success) return source;
            YamlNode? node = null;
            var map = root;
            var keys = field.Value.Split('.');
            if (keys is ["sweep", _, ..]) keys = ["sweep", string.Join('.', keys[1..])];
            if (keys is ["format"]) keys = ["formats"]; // a trial's format is one of the experiment's list
            foreach (var key in keys)
            {
                if (map is null || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) break;
                node = child;
                map = child as YamlMappingNode;
            }
            return node is null ? source : Of(node);
        }
    }

    private static string? ApplyScale(YamlMappingNode root, string? requested, string source)
    {
        var scalesKey = new YamlScalarNode("scales");
        root.Children.TryGetValue(scalesKey, out var scalesNode);
        root.Children.Remove(scalesKey);
        var scaleKey = new YamlScalarNode("scale");
        if (root.Children.TryGetValue(scaleKey, out var named) && named is YamlScalarNode n) requested ??= n.Value;
        root.Children.Remove(scaleKey);
        if (scalesNode is null)
            return requested is null ? null : throw new MnemoException(Scale, $"{requested}: {source} defines no scales");
        if (scalesNode is not YamlMappingNode scales)
            throw new MnemoException($"{source}: scales: must map a scale name (quick, paper, …) to its settings");
        var names = scales.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToList();
        var chosen = requested ?? (names.Contains("quick") ? "quick" : names.FirstOrDefault());
        if (chosen is null) return null;
        if (!scales.Children.TryGetValue(new YamlScalarNode(chosen), out var settings))
            throw new MnemoException($"{source}: unknown scale '{chosen}'{Spelling.Suggest(chosen, names)} (this file has: {string.Join(", ", names)})");
        if (settings is YamlMappingNode map)
            foreach (var (key, value) in map.Children)
                Set(root, key is YamlScalarNode { Value: { } name } ? name : throw new MnemoException($"{source}:{key.Start.Line}: scales.{chosen}: a setting's name must be a word"), value);
        else if (settings is not YamlScalarNode { Value: "" or null })
            throw new MnemoException($"{source}: scales.{chosen}: must map settings (training.steps: 500, …) to values");
        return chosen;
    }

    /// <summary>Sets <c>a.b.c=value</c> in the YAML tree; the value is read as YAML (so <c>[1, 2]</c> is a list).</summary>
    private static void Apply(YamlMappingNode root, string assignment, Origins origins)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new MnemoException($"--set: expected KEY=VALUE (e.g. training.steps=500), got '{assignment}'");
        var valueStream = new YamlStream();
        try { valueStream.Load(new StringReader(assignment[(eq + 1)..])); }
        catch (YamlException e) { throw new MnemoException($"--set {assignment[..eq]}: cannot read the value: {Inner(e)}"); }
        var value = valueStream.Documents.Count > 0 ? valueStream.Documents[0].RootNode : new YamlScalarNode("");
        origins.Add(value, assignment);
        Set(root, assignment[..eq].Trim(), value, created => origins.Add(created, assignment));
    }

    /// <summary>The keys of earlier versions, and where they are read now: which checkpoint a run starts from
    /// was a model setting before it had a section of its own.</summary>
    private static readonly (string Old, string Now)[] EarlierKeys = [("pretrained", "pretrained.path"), ("anchor_tokens", "pretrained.anchor_tokens")];

    /// <summary>Reads model.pretrained and model.anchor_tokens as <see cref="EarlierKeys"/> say (the value keeps
    /// its origin); an empty model.pretrained meant "from scratch", as no pretrained section does.</summary>
    private static void MoveEarlierKeys(YamlMappingNode root, Origins origins)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("model"), out var node) || node is not YamlMappingNode model) return;
        foreach (var (old, now) in EarlierKeys)
        {
            var key = new YamlScalarNode(old);
            if (!model.Children.TryGetValue(key, out var value)) continue;
            model.Children.Remove(key);
            if (ConfigSchema.IsNull(value)) continue;
            var keys = now.Split('.');
            if (root.Children.TryGetValue(new YamlScalarNode(keys[0]), out var section) && section is YamlMappingNode map
                && map.Children.ContainsKey(new YamlScalarNode(keys[1])))
                throw new MnemoException($"model.{old}: the same setting as {now} (its name in earlier versions); give only {now} ({origins.Of(value)})");
            Set(root, now, value);
        }
    }

    /// <param name="created">Told of each key and section node this adds to the tree.</param>
    private static void Set(YamlMappingNode root, string path, YamlNode value, Action<YamlNode>? created = null)
    {
        var keys = path.Split('.');
        if (keys is ["sweep", _, _, ..]) keys = ["sweep", string.Join('.', keys[1..])]; // an axis is named by its whole dotted path
        var node = root;
        foreach (var key in keys[..^1])
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var child) || child is not YamlMappingNode map)
            {
                map = new YamlMappingNode();
                node.Children[Created(new YamlScalarNode(key))] = Created(map);
            }
            node = map;
        }
        node.Children[Created(new YamlScalarNode(keys[^1]))] = value; // an existing key keeps its node (and line)
        T Created<T>(T n) where T : YamlNode { created?.Invoke(n); return n; }
    }

    private static string Inner(Exception e)
    {
        while (e.InnerException is not null && e is YamlException) e = e.InnerException;
        return e.Message.Split('\n')[0].Trim();
    }

    public static void SaveRun(RunConfig config, string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(config, Json));

    public static RunConfig LoadRun(string path)
    {
        if (!File.Exists(path)) throw new MnemoException($"{path}: no run config here (is this a run folder?)");
        try
        {
            var json = JsonNode.Parse(InputFile.ReadText(path, "run config")) ?? throw new MnemoException($"{path}: empty run config");
            var config = MoveEarlierKeys(json).Deserialize<RunConfig>(Json) ?? throw new MnemoException($"{path}: empty run config");
            config.Validate();
            return config;
        }
        catch (JsonException e) { throw new MnemoException($"{path}: corrupt run config ({e.Message.Split('\n')[0]})"); }
        catch (MnemoException e) when (!e.Message.StartsWith(path)) { throw new MnemoException($"{path}: {e.Message}"); }
    }

    /// <summary>A config.json written before the pretrained section existed (model.pretrained,
    /// model.anchor_tokens, and the derived model.is_pretrained that every config.json of those versions
    /// holds) in today's layout; any other config as it is.</summary>
    private static JsonNode MoveEarlierKeys(JsonNode run)
    {
        if (run is not JsonObject o || o["model"] is not JsonObject model) return run;
        model.Remove("is_pretrained");
        foreach (var (old, now) in EarlierKeys)
        {
            if (!model.TryGetPropertyValue(old, out var value)) continue;
            model.Remove(old);
            var section = o["pretrained"] as JsonObject ?? (JsonObject)(o["pretrained"] = new JsonObject());
            section[now.Split('.')[1]] = value;
        }
        return run;
    }
}
