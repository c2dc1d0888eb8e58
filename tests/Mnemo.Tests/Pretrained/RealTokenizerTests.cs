using System.Text;
using System.Text.Json.Nodes;
using Mnemo.Pretrained;

namespace Mnemo.Tests.Pretrained;

/// <summary>Mnemo's ids against each published tokenizer's own JavaScript encoder on the same texts:
/// hand-picked hard cases (contractions in any case, digit runs, whitespace runs, newlines, accents,
/// CJK, emoji, decomposed Unicode, added tokens inside text) and ~2,000 entries of the three vocabularies
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
        "<html><body>", "def f(x):\n    return x ** 2", "snake_case_name", "CamelCaseName", "e-mail", "http://example.com/a?b=c",
        ">>> 1 0 1 === 0", "M17 1 M18 0", "...", "?!?!", "$$$", "@user #tag",
        "text<|endoftext|>more", "a<|im_start|>b", "<|begin_of_text|>x<|eot_id|>",
    ];

    /// <summary>Every k-th entry of each vocabulary (about 700 each) as the text it spells (byte-level
    /// decoded; entries that are not whole UTF-8 are skipped), alone and eight at a time run together.</summary>
    private static List<string> VocabularyTexts(IEnumerable<JsonObject> vocabularies)
    {
        var bytes = Enumerable.Range(0, 256).ToDictionary(b => ByteLevel.Of(b), b => (byte)b);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var texts = new List<string>();
        foreach (var vocab in vocabularies)
        {
            var entries = vocab.Select(kv => kv.Key).ToList();
            int step = entries.Count / 700;
            var picked = new List<string>();
            for (int i = 0; i < entries.Count; i += step)
            {
                if (entries[i].Any(c => !bytes.ContainsKey(c))) continue;
                try { picked.Add(strict.GetString(entries[i].Select(c => bytes[c]).ToArray())); }
                catch (DecoderFallbackException) { }
            }
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
            ["llama3"] = HfTokenizer.Load(RealTokenizers.TokenizerJson("llama3")),
            ["qwen3"] = HfTokenizer.Load(RealTokenizers.TokenizerJson("qwen3")),
        };
        Assert.True(tokenizers["llama3"].IgnoreMerges); // Llama 3 sets it; GPT-2 and Qwen3 do not
        Assert.False(tokenizers["qwen3"].IgnoreMerges);
        var vocabularies = new[] { gpt2Json["model"]!["vocab"]!.AsObject() }
            .Concat(new[] { "llama3", "qwen3" }.Select(p => JsonNode.Parse(File.ReadAllText(RealTokenizers.TokenizerJson(p)))!["model"]!["vocab"]!.AsObject()));
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
