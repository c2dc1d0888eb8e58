using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Mnemo.Pretrained;

/// <summary>A checkpoint's tokenizer.json, encoded as the Hugging Face tokenizers library encodes it: the
/// normalizer (none or NFC), added tokens matched whole, the pre-tokenizer rebuilt as one regular expression
/// (GPT-2/GPT-NeoX: ByteLevel with its regex; BLOOM, Llama 3, Qwen: a Split regex, then ByteLevel without),
/// then byte-level BPE per piece (Microsoft.ML.Tokenizers), with model.ignore_merges honoured. SentencePiece-style
/// BPE (model.byte_fallback: Llama 2, TinyLlama, Mistral) is read too: each piece between added tokens gets "▁"
/// for spaces and in front (Prepend/Replace normalizer or Metaspace pre-tokenizer), then <see cref="SentencePieceBpe"/>.
/// Every serialization of these the library reads is accepted (a model without "type", empty
/// continuing_subword_prefix/end_of_word_suffix, merges as "a b" or [a, b]); anything else (WordPiece,
/// Unigram, other pre-tokenizers or normalizers, add_prefix_space, BPE dropout, Metaspace split, added-token
/// ids the library would renumber) is refused with the reason: wrong ids silently ruin a fine-tune.</summary>
public sealed class HfTokenizer
{
    /// <summary>The GPT-2 pre-tokenization regex of Hugging Face tokenizers' ByteLevel (use_regex = true).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>SentencePiece's word mark: a space, and the start of a piece, in a SentencePiece-style vocabulary.</summary>
    public const char SentencePieceSpace = '\u2581';

    private readonly BpeTokenizer? bpe;
    private readonly SentencePieceBpe? sentencePiece;
    /// <summary>How a SentencePiece-style tokenizer marks a piece's start; null for byte-level BPE (spaces are "Ġ" bytes).</summary>
    private readonly Prefix? prefix;
    private readonly PreTokenizer preTokenizer;
    private readonly bool nfc;
    private readonly Dictionary<string, int> vocabulary;
    private readonly Dictionary<int, string> names = new();
    private readonly Dictionary<string, int> added = new();

    private HfTokenizer(string path, JsonObject json)
    {
        Path = path;
        Json = json;
        var model = json["model"] as JsonObject ?? throw Refuse("no model section");
        // tokenizer.json files written before the model carried its type (GPT-2's published one) have no "type"
        if (model["type"] is not null && (string?)model["type"] is var type && type != "BPE")
            throw Refuse($"model type '{type}' (only byte-level BPE, as in GPT-2, BLOOM, GPT-NeoX, Llama 3 and Qwen)");
        foreach (var key in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (model[key] is JsonValue v && (!v.TryGetValue<string>(out var text) || text != ""))
                throw Refuse($"model.{key} = {v.ToJsonString()} is not byte-level BPE (only null or \"\")");
        if (model["dropout"] is JsonValue dropout && dropout.GetValueKind() == JsonValueKind.Number && dropout.GetValue<double>() > 0)
            throw Refuse($"model.dropout = {dropout.ToJsonString()} (BPE dropout samples a different split at every call)");
        IgnoreMerges = model["ignore_merges"] is JsonValue ignore && ignore.GetValueKind() == JsonValueKind.True;
        var vocab = (model["vocab"] as JsonObject ?? throw Refuse("no model.vocab"))
            .Select(kv => KeyValuePair.Create(kv.Key, Number(kv.Value, "model.vocab"))).ToList();
        vocabulary = vocab.ToDictionary(kv => kv.Key, kv => kv.Value);
        VocabularySize = vocabulary.Count;
        var merges = (model["merges"] as JsonArray ?? throw Refuse("no model.merges")).Select(Merge).ToList();
        foreach (var (token, id) in vocab) names[id] = token;
        foreach (var node in json["added_tokens"] as JsonArray ?? [])
        {
            var content = (string?)node?["content"] ?? throw Refuse("an added token without content");
            int id = Number(node!["id"], "added_tokens");
            int assigned = AddedTokens.IdOnLoad(content, vocabulary, added, VocabularySize);
            if (assigned != id)
                throw Refuse($"added token '{content}' has id {id} in the file, but the tokenizers library gives it id {assigned} on load " +
                             $"(it numbers added tokens after the {VocabularySize} vocabulary entries and ignores the written ids), so the file and its model disagree");
            added[content] = id;
            names[id] = content;
        }
        if (model["byte_fallback"] is JsonValue fallback && fallback.GetValueKind() == JsonValueKind.True)
        {
            prefix = SentencePiecePrefix(json);
            SpaceMark = SentencePieceSpace;
            // the text between added tokens is one piece: no pre-tokenizer splits it (Metaspace with split = false)
            preTokenizer = new RegexPreTokenizer(new Regex(@"[\s\S]+", RegexOptions.Compiled), added);
            sentencePiece = new SentencePieceBpe(vocabulary, merges, IgnoreMerges, Refuse);
            return;
        }
        var pattern = PreTokenizerPattern(json["pre_tokenizer"]);
        if (json["normalizer"] is JsonObject normalizer && (string?)normalizer["type"] != "NFC")
            throw Refuse($"normalizer '{(string?)normalizer["type"]}' (only none or NFC; SentencePiece-style Prepend/Replace only with model.byte_fallback)");
        nfc = json["normalizer"] is JsonObject;
        preTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), added);
        // BPE of one pre-tokenized piece at a time: the pieces (and the added tokens between them) are cut by Encode
        bpe = BpeTokenizer.Create(new BpeOptions(vocab) { Merges = merges, ByteLevel = true, PreTokenizer = new WholeText() });
    }

    /// <summary>Where a SentencePiece-style tokenizer puts "▁" before a piece between added tokens.</summary>
    private enum Prefix
    {
        /// <summary>Normalizer Prepend("▁") (Llama 2, TinyLlama, Mistral v0.1): before every piece, even one that starts with a space.</summary>
        Prepend,
        /// <summary>Metaspace prepend_scheme "always": before every piece that does not start with "▁" already.</summary>
        Always,
        /// <summary>Metaspace prepend_scheme "first" (Mistral v0.3): only before a piece at the start of the text, unless it starts with "▁".</summary>
        First,
        /// <summary>Metaspace prepend_scheme "never".</summary>
        Never,
    }

    /// <summary>Entries of the BPE vocabulary (model.vocab); the tokenizers library numbers added tokens from here.</summary>
    public int VocabularySize { get; }

    /// <summary>model.ignore_merges (Llama 3): a piece that is itself a vocabulary entry is that token, whatever the merges would make of it.</summary>
    public bool IgnoreMerges { get; }

    /// <summary>How the vocabulary writes a space: 'Ġ' (byte-level BPE) or '▁' (SentencePiece style).</summary>
    public char SpaceMark { get; } = ByteLevel.Of(' ');

    /// <summary>The id the tokenizers library gives the next token added to this tokenizer.</summary>
    public int NextAddedId => AddedTokens.Next(added.Values, VocabularySize);

    public string Path { get; }

    /// <summary>The file as read; <see cref="Save"/> writes it back with the new tokens added.</summary>
    public JsonObject Json { get; }

    public static HfTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new MnemoException($"{path}: not found (the checkpoint's tokenizer; only tokenizer.json is read, not vocab.json/merges.txt or a SentencePiece tokenizer.model)");
        try { return new HfTokenizer(path, JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new MnemoException($"{path}: not a JSON object")); }
        catch (JsonException e) { throw new MnemoException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new MnemoException($"{path}: cannot read ({e.Message})"); }
    }

    /// <summary>Token ids of <paramref name="text"/> as the tokenizers library encodes it without special-token
    /// templates: normalizer, added tokens matched whole, pre-tokenizer pieces, then byte-level BPE per piece.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        if (nfc) text = text.Normalize(NormalizationForm.FormC);
        var ids = new List<int>();
        foreach (var (offset, length) in preTokenizer.PreTokenize(text))
        {
            var piece = text.Substring(offset, length);
            if (added.TryGetValue(piece, out var id)) ids.Add(id);
            else if (sentencePiece is not null) ids.AddRange(sentencePiece.Encode(SentencePieceNormalized(piece, offset == 0)));
            else if (IgnoreMerges && vocabulary.TryGetValue(ByteLevel.Encode(piece), out id)) ids.Add(id);
            else ids.AddRange(bpe!.EncodeToIds(piece));
        }
        return ids;
    }

    /// <summary>The token string of an id (vocabulary form, e.g. <c>Ġthe</c> or <c>▁the</c>), or null when unknown.</summary>
    public string? Name(int id) => names.GetValueOrDefault(id);

    /// <summary>The id of an added token with exactly this content, if any.</summary>
    public int? AddedId(string content) => added.TryGetValue(content, out var id) ? id : null;

    /// <summary>Ids and strings of the BPE vocabulary and the added tokens.</summary>
    public IEnumerable<KeyValuePair<int, string>> Entries => names;

    /// <summary>Writes tokenizer.json with <paramref name="newTokens"/> appended to added_tokens. They carry
    /// lstrip, so that Python tokenizes the format's text (" M17 1 …") to the same ids Mnemo feeds; under a
    /// Prepend("▁") normalizer rstrip too, so that the piece after one ("1") is "▁1", not "▁▁1".</summary>
    public void Save(string path, IEnumerable<(int Id, string Content)> newTokens)
    {
        var json = (JsonObject)Json.DeepClone();
        if (json["added_tokens"] is not JsonArray list) json["added_tokens"] = list = [];
        var ids = new Dictionary<string, int>(added);
        foreach (var (id, content) in newTokens)
        {
            // a token the library would number differently on load would read another embedding row
            int assigned = AddedTokens.IdOnLoad(content, vocabulary, ids, VocabularySize);
            if (assigned != id) throw new InvalidOperationException($"new token '{content}' has id {id}; the tokenizers library would give it {assigned}");
            ids[content] = id;
        }
        foreach (var (id, content) in newTokens)
            list.Add(new JsonObject
            {
                ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = true,
                ["rstrip"] = prefix == Prefix.Prepend, ["normalized"] = false, ["special"] = false,
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

    /// <summary>A piece between added tokens as the SentencePiece-style normalizer or Metaspace pre-tokenizer leaves it.</summary>
    private string SentencePieceNormalized(string piece, bool atStart)
    {
        var text = piece.Replace(' ', SentencePieceSpace);
        bool mark = prefix switch
        {
            Prefix.Prepend => true,
            Prefix.Always => text[0] != SentencePieceSpace,
            Prefix.First => atStart && text[0] != SentencePieceSpace,
            _ => false,
        };
        return mark ? SentencePieceSpace + text : text;
    }

    /// <summary>The two serializations of SentencePiece's whitespace handling the tokenizers library writes: a
    /// normalizer Sequence of Prepend("▁") and Replace(" " → "▁") with no pre-tokenizer (Llama 2, TinyLlama,
    /// Mistral v0.1), or no normalizer and a Metaspace("▁", split = false) pre-tokenizer (Mistral v0.3).</summary>
    private Prefix SentencePiecePrefix(JsonObject json)
    {
        var normalizer = json["normalizer"] as JsonObject;
        var pre = json["pre_tokenizer"] as JsonObject;
        string space = SentencePieceSpace.ToString();
        if (normalizer is not null)
        {
            if (pre is not null) throw Refuse($"model.byte_fallback with both a normalizer and pre-tokenizer '{(string?)pre["type"]}' (only Prepend/Replace or Metaspace)");
            var steps = (string?)normalizer["type"] == "Sequence" ? normalizer["normalizers"] as JsonArray ?? [] : [normalizer];
            bool Prepends(JsonNode? n) => (string?)n?["type"] == "Prepend" && (string?)n["prepend"] == space;
            bool Replaces(JsonNode? n) => (string?)n?["type"] == "Replace" && (string?)n["pattern"]?["String"] == " " && (string?)n["content"] == space;
            if (steps.Count != 2 || !(Prepends(steps[0]) && Replaces(steps[1]) || Replaces(steps[0]) && Prepends(steps[1])))
                throw Refuse($"normalizer {normalizer.ToJsonString()} (SentencePiece style only as Prepend(\"▁\") and Replace(\" \" → \"▁\"))");
            // the normalizer runs on each piece between added tokens; a normalized added token would be matched in its output
            foreach (var token in json["added_tokens"] as JsonArray ?? [])
                if (token?["normalized"] is JsonValue n && n.GetValueKind() == JsonValueKind.True)
                    throw Refuse($"added token '{(string?)token["content"]}' is matched after the Prepend/Replace normalizer (normalized: true)");
            return Prefix.Prepend;
        }
        if ((string?)pre?["type"] != "Metaspace")
            throw Refuse($"model.byte_fallback with pre-tokenizer '{(string?)pre?["type"] ?? "none"}' and no normalizer (SentencePiece style needs Prepend/Replace or Metaspace)");
        if ((string?)pre!["replacement"] != space) throw Refuse($"Metaspace replacement {pre["replacement"]?.ToJsonString()} (only \"▁\")");
        if (pre["split"] is not JsonValue split || split.GetValueKind() != JsonValueKind.False)
            throw Refuse("Metaspace with split true (the default when absent): pieces cut at every \"▁\" are not reproduced");
        if (pre["add_prefix_space"] is JsonValue addPrefix && addPrefix.GetValueKind() == JsonValueKind.False)
            throw Refuse("Metaspace with add_prefix_space false (the older key; only prepend_scheme is read)");
        return (string?)pre["prepend_scheme"] switch
        {
            null or "always" => Prefix.Always,
            "first" => Prefix.First,
            "never" => Prefix.Never,
            var other => throw Refuse($"Metaspace prepend_scheme '{other}' (only always, first or never)"),
        };
    }

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

    /// <summary>The whole text as one piece: Encode has already cut it.</summary>
    private sealed class WholeText : PreTokenizer
    {
        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => [(0, text.Length)];
        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => [(0, text.Length)];
    }
}
