using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Mnemo.Pretrained;

/// <summary>A checkpoint's tokenizer.json, as a Microsoft.ML.Tokenizers byte-level BPE tokenizer. The
/// three supported families all use byte-level BPE; they differ in the pre-tokenizer, which we rebuild
/// as a regular expression: GPT-2 and GPT-NeoX use the GPT-2 regex (ByteLevel with use_regex), BLOOM a
/// Split regex followed by ByteLevel without regex. Anything else (WordPiece, Unigram/SentencePiece,
/// other pre-tokenizers or normalizers, add_prefix_space) is refused with the reason: we would not
/// reproduce the checkpoint's ids exactly, and wrong ids silently ruin a fine-tune.</summary>
public sealed class HfTokenizer
{
    /// <summary>The GPT-2 pre-tokenization regex of Hugging Face tokenizers' ByteLevel (use_regex = true).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly BpeTokenizer bpe;
    private readonly Dictionary<int, string> names = new();
    private readonly Dictionary<string, int> added = new();

    private HfTokenizer(string path, JsonObject json)
    {
        Path = path;
        Json = json;
        var model = json["model"] as JsonObject ?? throw Refuse("no model section");
        if ((string?)model["type"] is var type && type != "BPE")
            throw Refuse($"model type '{type}' (only byte-level BPE, as in GPT-2, BLOOM and GPT-NeoX)");
        if (model["continuing_subword_prefix"] is JsonValue || model["end_of_word_suffix"] is JsonValue)
            throw Refuse("BPE with continuing_subword_prefix or end_of_word_suffix is not byte-level BPE");
        var vocab = (model["vocab"] as JsonObject ?? throw Refuse("no model.vocab"))
            .Select(kv => KeyValuePair.Create(kv.Key, Number(kv.Value, "model.vocab"))).ToList();
        var merges = (model["merges"] as JsonArray ?? throw Refuse("no model.merges")).Select(Merge).ToList();
        foreach (var (token, id) in vocab) names[id] = token;
        foreach (var node in json["added_tokens"] as JsonArray ?? [])
        {
            var content = (string?)node?["content"] ?? throw Refuse("an added token without content");
            int id = Number(node!["id"], "added_tokens");
            added[content] = id;
            names[id] = content;
        }
        var pattern = PreTokenizerPattern(json["pre_tokenizer"]);
        if (json["normalizer"] is JsonObject normalizer && (string?)normalizer["type"] != "NFC")
            throw Refuse($"normalizer '{(string?)normalizer["type"]}' (only none or NFC)");
        bpe = BpeTokenizer.Create(new BpeOptions(vocab)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = added,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), added),
            Normalizer = json["normalizer"] is JsonObject ? new NfcNormalizer() : null,
        });
    }

    public string Path { get; }

    /// <summary>The file as read; <see cref="Save"/> writes it back with the new tokens added.</summary>
    public JsonObject Json { get; }

    public static HfTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new MnemoException($"{path}: not found (the checkpoint's tokenizer; only tokenizer.json is read, not vocab.json/merges.txt or SentencePiece models)");
        try { return new HfTokenizer(path, JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new MnemoException($"{path}: not a JSON object")); }
        catch (JsonException e) { throw new MnemoException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new MnemoException($"{path}: cannot read ({e.Message})"); }
    }

    public IReadOnlyList<int> Encode(string text) => bpe.EncodeToIds(text);

    /// <summary>The token string of an id (byte-level form, e.g. <c>Ġthe</c>), or null when unknown.</summary>
    public string? Name(int id) => names.GetValueOrDefault(id);

    /// <summary>The id of an added token with exactly this content, if any.</summary>
    public int? AddedId(string content) => added.TryGetValue(content, out var id) ? id : null;

    /// <summary>Ids and strings of the BPE vocabulary and the added tokens.</summary>
    public IEnumerable<KeyValuePair<int, string>> Entries => names;

    /// <summary>Writes tokenizer.json with <paramref name="newTokens"/> appended to added_tokens. They carry
    /// lstrip, so that Python tokenizes the format's text (" M17 1 …") to the same ids Mnemo feeds.</summary>
    public void Save(string path, IEnumerable<(int Id, string Content)> newTokens)
    {
        var json = (JsonObject)Json.DeepClone();
        if (json["added_tokens"] is not JsonArray list) json["added_tokens"] = list = [];
        foreach (var (id, content) in newTokens)
            list.Add(new JsonObject
            {
                ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = true,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = false,
            });
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private MnemoException Refuse(string why) =>
        new($"{Path}: cannot tokenize with this tokenizer.json: {why}; Microsoft.ML.Tokenizers is used only where it reproduces the checkpoint's ids exactly (see README \"Pretrained checkpoints\")");

    private int Number(JsonNode? node, string where)
    {
        try { return node!.GetValue<int>(); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException) { throw Refuse($"{where} holds a non-integer id"); }
    }

    /// <summary>tokenizer.json merges: "a b" strings (older files) or ["a", "b"] pairs (newer ones).</summary>
    private string Merge(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray { Count: 2 } pair => $"{(string?)pair[0]} {(string?)pair[1]}",
        _ => throw Refuse("a merge that is neither \"a b\" nor [a, b]"),
    };

    private string PreTokenizerPattern(JsonNode? node)
    {
        var type = (string?)node?["type"];
        var steps = node?["pretokenizers"] as JsonArray;
        string? Step(int i) => steps is { Count: 2 } ? (string?)steps[i]?["type"] : null;
        if (type == "Sequence" && Step(0) == "Split" && Step(1) == "ByteLevel") type = "Split+ByteLevel";
        switch (type)
        {
            case "ByteLevel":
                ByteLevelWithoutPrefixSpace(node!);
                if (node!["use_regex"] is JsonValue r && !r.GetValue<bool>()) throw Refuse("ByteLevel without its regex and without a Split before it");
                return Gpt2Pattern;
            case "Split+ByteLevel":
                var split = steps![0]!;
                ByteLevelWithoutPrefixSpace(steps[1]!);
                if (steps[1]!["use_regex"] is not JsonValue useRegex || useRegex.GetValue<bool>())
                    throw Refuse("Split followed by ByteLevel with its own regex");
                if ((string?)split["behavior"] != "Isolated" || split["invert"] is JsonValue inv && inv.GetValue<bool>())
                    throw Refuse($"Split with behavior '{(string?)split["behavior"]}' (only Isolated, not inverted)");
                var regex = (string?)split["pattern"]?["Regex"] ?? throw Refuse("Split without a Regex pattern");
                return WithGaps(FlattenNestedClasses(regex));
            default:
                throw Refuse($"pre-tokenizer '{type ?? "none"}' (only ByteLevel as in GPT-2/GPT-NeoX, or Split + ByteLevel as in BLOOM)");
        }
    }

    private void ByteLevelWithoutPrefixSpace(JsonNode byteLevel)
    {
        if (byteLevel["add_prefix_space"] is JsonValue v && v.GetValue<bool>()) throw Refuse("ByteLevel with add_prefix_space");
    }

    /// <summary>HF's Split(Isolated) keeps the text between matches as pieces of its own; a regex
    /// pre-tokenizer keeps only matches. <c>P|((?!P).)+</c> matches exactly the same pieces: at each
    /// position either P matches, or the gap runs up to where P next matches.</summary>
    private static string WithGaps(string pattern) => $"(?:{pattern})|(?:(?!(?:{pattern}))[\\s\\S])+";

    /// <summary>Oniguruma (HF) reads <c>[^(\s|[.,!?])]</c> as a class with a nested class; .NET ends the class
    /// at the first ']'. A nested class inside a class is the union of its characters, so drop its brackets.</summary>
    public static string FlattenNestedClasses(string pattern)
    {
        var result = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { result.Append(c).Append(pattern[++i]); continue; }
            if (c == '[') { if (depth++ > 0) continue; }
            else if (c == ']' && depth > 0) { if (--depth > 0) continue; }
            result.Append(c);
        }
        return result.ToString();
    }

    private sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);
        public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
    }
}
