using System.Text;
using System.Text.Json.Nodes;
using Mnemo.Pretrained;

namespace Mnemo.Tests.Pretrained;

/// <summary>Mnemo's ids against each published tokenizer's own JavaScript encoder on the same texts:
/// hand-picked hard cases (contractions in any case, digit runs, whitespace runs, newlines, accents,
/// CJK, emoji, decomposed Unicode, added tokens inside text) and ~2,700 entries of the four vocabularies
/// spelled back as text, alone and run together.</summary>
public sealed class RealTokenizerTests(RealTokenizers packages) : IClassFixture<RealTokenizers>, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-realtok").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private static readonly string[] HardCases =
    [
        "Hello world", "hello, World!", " leading space", "trailing space ", "  two leading spaces", "a  b   c    d",
        "don't", "DON'T", "I'LL", "We'Re", "she's", "'s", "you'd've", "rock 'n' roll",
        "1", "12", "123", "1234", "12345678", "3.14159", "1,000,000", "x1y22z333", "٣٤٥ ٦",
        "line\nbreak", "two\n\nbreaks", "tab\there", "\r\nwindows", "  \n  indented", "end\n", "\n", " ",
        "café", "naïve", "e\u0301", "Ångström", "straße", "Привет мир", "Γειά σου", "مرحبا بالعالم", "שלום",
        "你好，世界", "日本語のテキスト", "한국어", "😀 emoji 🚀🚀", "👍🏽", "a→b", "x² + y²",
        "<html><body>", "a<s>b  c", "<s> x", "x</s>", "   ", "a \u2581b", "def f(x):\n    return x ** 2", "snake_case_name", "CamelCaseName", "e-mail", "http://example.com/a?b=c",
        ">>> 1 0 1 === 0", "M17 1 M18 0", "...", "?!?!", "$$$", "@user #tag",
        "text<|endoftext|>more", "a<|im_start|>b", "<|begin_of_text|>x<|eot_id|>",
    ];

    /// <summary>Every k-th entry of each vocabulary (about 700 each) as the text it spells, alone and eight at
    /// a time run together. Byte-level entries are decoded (entries that are not whole UTF-8 are skipped);
    /// SentencePiece entries read "▁" as a space (byte and special tokens, &lt;…&gt;, are skipped).</summary>
    private static List<string> VocabularyTexts(IEnumerable<(JsonObject Vocab, bool SentencePiece)> vocabularies)
    {
        var bytes = Enumerable.Range(0, 256).ToDictionary(b => ByteLevel.Of(b), b => (byte)b);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        string? Spelled(string entry, bool sentencePiece)
        {
            if (sentencePiece) return entry.StartsWith('<') && entry.EndsWith('>') ? null : entry.Replace(HfTokenizer.SentencePieceSpace, ' ');
            if (entry.Any(c => !bytes.ContainsKey(c))) return null;
            try { return strict.GetString(entry.Select(c => bytes[c]).ToArray()); }
            catch (DecoderFallbackException) { return null; }
        }
        var texts = new List<string>();
        foreach (var (vocab, sentencePiece) in vocabularies)
        {
            var entries = vocab.Select(kv => kv.Key).ToList();
            int step = entries.Count / 700;
            var picked = new List<string>();
            for (int i = 0; i < entries.Count; i += step)
                if (Spelled(entries[i], sentencePiece) is { } text) picked.Add(text);
            texts.AddRange(picked);
            texts.AddRange(picked.Chunk(8).Select(chunk => string.Concat(chunk)));
        }
        return texts;
    }

    [Fact]
    public void Ids_equal_each_published_tokenizer_s_own_encoder()
    {
        var gpt2Path = Path.Combine(dir, "gpt2.json");
        var gpt2Json = RealTokenizers.Gpt2TokenizerJson();
        File.WriteAllText(gpt2Path, gpt2Json.ToJsonString());
        var tokenizers = new Dictionary<string, HfTokenizer>
        {
            ["gpt2"] = HfTokenizer.Load(gpt2Path),
            ["llama2"] = HfTokenizer.Load(RealTokenizers.TokenizerJson("llama2")),
            ["llama3"] = HfTokenizer.Load(RealTokenizers.TokenizerJson("llama3")),
            ["qwen3"] = HfTokenizer.Load(RealTokenizers.TokenizerJson("qwen3")),
        };
        foreach (var scheme in new[] { "first", "always" })
        {
            var path = Path.Combine(dir, $"metaspace-{scheme}.json");
            File.WriteAllText(path, RealTokenizers.MetaspaceTokenizerJson(scheme).ToJsonString());
            tokenizers[$"llama2-metaspace-{scheme}"] = HfTokenizer.Load(path);
        }
        Assert.True(tokenizers["llama3"].IgnoreMerges); // Llama 3 sets it; GPT-2 and Qwen3 do not
        Assert.False(tokenizers["qwen3"].IgnoreMerges);
        Assert.Equal(HfTokenizer.SentencePieceSpace, tokenizers["llama2"].SpaceMark);
        Assert.Equal('\u0120', tokenizers["qwen3"].SpaceMark);
        JsonObject Vocab(string package) => JsonNode.Parse(File.ReadAllText(RealTokenizers.TokenizerJson(package)))!["model"]!["vocab"]!.AsObject();
        var vocabularies = new[] { (gpt2Json["model"]!["vocab"]!.AsObject(), false), (Vocab("llama2"), true), (Vocab("llama3"), false), (Vocab("qwen3"), false) };
        var texts = HardCases.Concat(VocabularyTexts(vocabularies)).Distinct().ToList();
        var expected = packages.EncodeInJavaScript(texts);
        foreach (var (name, tokenizer) in tokenizers)
        {
            var mismatches = new List<string>();
            int compared = 0;
            for (int i = 0; i < texts.Count; i++)
            {
                // gpt-3-encoder knows no special tokens: it spells <|endoftext|> as text, the tokenizers library does not
                if (name == "gpt2" && texts[i].Contains("<|")) continue;
                compared++;
                var ours = tokenizer.Encode(texts[i]);
                if (!ours.SequenceEqual(expected[name][i]))
                    mismatches.Add($"{JsonValue.Create(texts[i])!.ToJsonString()}: ours [{string.Join(' ', ours)}], JavaScript [{string.Join(' ', expected[name][i])}]");
            }
            Assert.True(compared > 1500, $"{name}: only {compared} texts");
            Assert.True(mismatches.Count == 0, $"{name}: {mismatches.Count} of {compared} texts differ:\n{string.Join('\n', mismatches.Take(20))}");
        }
    }
}
