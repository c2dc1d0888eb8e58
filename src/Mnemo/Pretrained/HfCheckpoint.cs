using Mnemo.Models;
using Mnemo.Runtime;
using Mnemo.Tokens;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Pretrained;

/// <summary>A local Hugging Face checkpoint folder (config.json, model.safetensors or shards + index,
/// tokenizer.json), read as our <see cref="TransformerLM"/>: config.json becomes a <see cref="ModelConfig"/>
/// and every tensor is mapped by name (<see cref="HfArchitecture"/>), so training, KV-cache decoding,
/// evaluation and attribution need nothing special for pretrained models.</summary>
public sealed class HfCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string TokenizerFile = "tokenizer.json";

    private HfCheckpoint(string folder)
    {
        Folder = folder;
        Config = HfConfig.Load(Path.Combine(folder, ConfigFile));
        Architecture = HfArchitecture.For(Config);
        Tokenizer = HfTokenizer.Load(Path.Combine(folder, TokenizerFile));
        VocabSize = Architecture.VocabSize(Config);
        EosId = Architecture.EosTokenId(Config);
    }

    public string Folder { get; }
    public HfConfig Config { get; }
    public HfArchitecture Architecture { get; }
    public HfTokenizer Tokenizer { get; }
    /// <summary>Rows of the checkpoint's embedding table (may exceed the tokenizer's size: padded tables).</summary>
    public int VocabSize { get; }
    public int EosId { get; }

    /// <summary>Reads config.json and tokenizer.json (not the weights, see <see cref="LoadInto"/>).</summary>
    public static HfCheckpoint Open(string folder)
    {
        if (File.Exists(folder)) throw new MnemoException($"{folder}: is a file; pretrained.path names a checkpoint folder (config.json, model.safetensors, tokenizer.json)");
        if (!Directory.Exists(folder)) throw new MnemoException($"{folder}: checkpoint folder not found");
        return new HfCheckpoint(Path.GetFullPath(folder));
    }

    /// <summary>The user's model settings with the architecture of this checkpoint filled in.</summary>
    public ModelConfig Resolve(ModelConfig user)
    {
        // an option that adds weights has no place in the checkpoint's layout: they could not be loaded, and a
        // --save-hf export of the fine-tuned model would silently drop them
        foreach (var option in AddedWeights)
            if (option.Value(user) is { } value)
                throw new MnemoException($"{option.Field}: {value} adds weights ({option.Weights}) that a {Config.ModelType} checkpoint has no place for, so a --save-hf export would drop them; a pretrained model keeps its architecture ({option.Keeps})");
        return Architecture.Model(Config, user);
    }

    /// <summary>The model options that add weights to the architecture: the field, its value when it adds any
    /// (null: it adds none), what it adds and the values a pretrained model may keep.</summary>
    private static readonly (string Field, Func<ModelConfig, string?> Value, string Weights, string Keeps)[] AddedWeights =
    [
        ("model.short_conv", m => m.ShortConv != 0 ? m.ShortConv.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            "a convolution kernel per layer", "0"),
        ("model.attention_scaling", m => m.AttentionScaling == AttentionScaling.Ssmax ? "ssmax" : null,
            "a learned scale per layer and head", "none, or logn, which adds none"),
    ];

    public SymbolMapping MapSymbols(IReadOnlyList<string> symbols, string anchors) =>
        new(Tokenizer, EosId, VocabSize, symbols, anchors);

    /// <summary>A model of this architecture with <see cref="SymbolMapping.EmbeddingRows"/> embedding rows whose
    /// tensors are the checkpoint's, except the rows of the new tokens: they keep their seeded random init, also
    /// where they fall on a padding row of the checkpoint's table.</summary>
    public TransformerLM CreateModel(ModelConfig resolved, SymbolMapping symbols, int maxPositions, int seed)
    {
        var model = TorchRuntime.Seeded(seed, () => new TransformerLM(resolved, symbols.EmbeddingRows, maxPositions));
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var state = model.state_dict();
            var rows = tensor(symbols.NewTokens.Select(t => (long)t.Id).ToArray(), int64);
            var fresh = new[] { "tokens.weight", "head.weight" }.Where(state.ContainsKey).ToDictionary(n => n, n => state[n].index_select(0, rows).clone());
            LoadInto(model);
            foreach (var (name, init) in fresh) state[name].index_copy_(0, rows, init);
        }
        catch { model.Dispose(); throw; }
        return model;
    }

    /// <summary>Copies the checkpoint's weights into <paramref name="model"/>. Every tensor the architecture
    /// needs must be there with its shape, and nothing else may be (apart from buffers that carry no weights);
    /// otherwise one error names the tensor. Returns the names that were ignored.</summary>
    public IReadOnlyList<string> LoadInto(TransformerLM model)
    {
        var tensors = HfWeights.Load(Folder);
        try
        {
            var (mappings, ignored) = Match(tensors.Keys, model.Config);
            var state = model.state_dict();
            using var _ = no_grad();
            foreach (var (m, hfName) in mappings)
            {
                using var scope = NewDisposeScope();
                var target = state[m.OurName];
                var value = m.ToOurs(tensors[hfName].to(target.dtype));
                if (!ShapeFits(value.shape, target.shape, m.OurName))
                    throw new MnemoException($"{Folder}: tensor '{hfName}' has shape [{string.Join(", ", tensors[hfName].shape)}], config.json implies [{string.Join(", ", Expected(m, target))}]");
                // embedding/head rows beyond the checkpoint's belong to tokens added for the format
                (value.shape[0] == target.shape[0] ? target : target[..(int)value.shape[0]]).copy_(value);
            }
            return ignored;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Pairs every mapping with the checkpoint's name for it (with or without a model prefix).</summary>
    private (List<(TensorMapping Mapping, string HfName)> Found, List<string> Ignored) Match(IEnumerable<string> names, ModelConfig model)
    {
        var available = names.ToHashSet();
        var used = new HashSet<string>();
        var found = new List<(TensorMapping, string)>();
        foreach (var m in Architecture.Tensors(model))
        {
            var candidates = m.TopLevel ? [m.HfName] : Architecture.Prefixes.Select(p => p + m.HfName).ToList();
            var name = candidates.FirstOrDefault(available.Contains)
                       ?? throw new MnemoException($"{Folder}: the checkpoint lacks tensor '{candidates[0]}' ({Config.ModelType} with {model.Layers} layers needs it)");
            found.Add((m, name));
            used.Add(name);
        }
        var rest = available.Where(n => !used.Contains(n)).Order(StringComparer.Ordinal).ToList();
        var ignored = rest.Where(n => Architecture.Ignorable(Unprefixed(n), model)).ToList();
        if (rest.Except(ignored).FirstOrDefault() is { } unexpected)
            throw new MnemoException($"{Folder}: unexpected tensor '{unexpected}' for {Config.ModelType} with {model.Layers} layers (config.json and the weights disagree?)");
        return (found, ignored);
    }

    private string Unprefixed(string name) =>
        Architecture.Prefixes.Where(p => p != "" && name.StartsWith(p, StringComparison.Ordinal)).Select(p => name[p.Length..]).FirstOrDefault() ?? name;

    private static bool ShapeFits(long[] value, long[] target, string ourName) =>
        value.SequenceEqual(target)
        || (ourName is "tokens.weight" or "head.weight" && value.Length == 2 && value[1] == target[1] && value[0] <= target[0]);

    private static long[] Expected(TensorMapping m, Tensor target) => m.ToHf(target).shape;

    /// <summary>One line for the user on load: family, parameters and dtype on disk (file headers only; the
    /// buffers that carry no weights left out), vocabulary (tokenizer ids / embedding rows) and the tokens added
    /// for the format, e.g. <c>pythia: gpt_neox, 70.4M parameters, float16 on disk; vocabulary 50,277 tokenizer
    /// ids / 50,304 embedding rows; 12 tokens added (ids 50,277–50,288: 12 on padding rows)</c>.</summary>
    public string Summary(SymbolMapping symbols, ModelConfig resolved)
    {
        var weights = HfWeights.Entries(Folder).Where(e => !Architecture.Ignorable(Unprefixed(e.Name), resolved)).ToList();
        double parameters = weights.Sum(e => (double)e.Elements);
        var dtypes = string.Join(" + ", weights.GroupBy(e => e.Dtype).OrderByDescending(g => g.Sum(e => e.Elements)).Select(g => DtypeName(g.Key)));
        var added = symbols.NewTokens;
        int padding = added.Count(t => t.Id < VocabSize);
        var tokens = added.Count == 0 ? "no tokens added"
            : $"{added.Count} tokens added (ids {added[0].Id:N0}–{added[^1].Id:N0}: " +
              string.Join(", ", new[] { padding > 0 ? $"{padding} on padding rows" : null, added.Count > padding ? $"{added.Count - padding} new rows" : null }.OfType<string>()) + ")";
        return $"{Path.GetFileName(Folder)}: {Config.ModelType}, {Count(parameters)} parameters, {dtypes} on disk; " +
               $"vocabulary {Tokenizer.NextAddedId:N0} tokenizer ids / {VocabSize:N0} embedding rows; {tokens}";
    }

    private static string Count(double n) => n switch
    {
        >= 1e9 => $"{n / 1e9:0.0#}B",
        >= 1e6 => $"{n / 1e6:0.0}M",
        >= 1e3 => $"{n / 1e3:0.0}k",
        _ => $"{n:0}",
    };

    /// <summary>safetensors' dtype names as PyTorch spells them.</summary>
    private static string DtypeName(string dtype) => dtype switch
    {
        "F32" => "float32", "F16" => "float16", "BF16" => "bfloat16", "F64" => "float64",
        _ => dtype,
    };

    /// <summary>The model's tensors under their Hugging Face names and layouts (float32; a tied head is not
    /// written, as save_pretrained does).</summary>
    public Dictionary<string, Tensor> HfTensors(TransformerLM model)
    {
        var state = model.state_dict();
        var prefix = Architecture.Prefixes[0];
        return Architecture.Tensors(model.Config).ToDictionary(m => (m.TopLevel ? "" : prefix) + m.HfName, m => m.ToHf(state[m.OurName].detach()));
    }
}
