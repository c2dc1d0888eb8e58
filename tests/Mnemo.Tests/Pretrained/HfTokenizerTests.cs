using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Pretrained;
using Mnemo.Tokens;

namespace Mnemo.Tests.Pretrained;

public sealed class HfTokenizerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-tok").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private HfTokenizer Tokenizer(string arch)
    {
        var path = Path.Combine(dir, arch + ".json");
        File.WriteAllText(path, TinyCheckpoints.TokenizerJson(arch).ToJsonString());
        return HfTokenizer.Load(path);
    }

    private static int Id(string token) => TinyCheckpoints.Bpe().Vocab.IndexOf(token);

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Byte_level_bpe_gives_the_checkpoint_ids(string arch)
    {
        var tokenizer = Tokenizer(arch);
        Assert.Equal([Id("Ġ1"), Id("Ġ0"), Id("Ġ>>>"), Id("Ġcat"), Id("Ġ===")], tokenizer.Encode(" 1 0 >>> cat ==="));
        // bytes without merges stay single bytes; the end token is matched whole
        Assert.Equal([Id("x"), Id("."), Id("y"), TinyCheckpoints.EosId], tokenizer.Encode("x.y" + TinyCheckpoints.Eos(arch)));
        Assert.Equal([Id("Ġ"), Id("Ġ1")], tokenizer.Encode("  1"));
    }

    [Fact]
    public void Bloom_split_keeps_punctuation_apart_as_its_own_piece()
    {
        // BLOOM's Split regex leaves '.' outside every match; Isolated keeps it as a piece of its own,
        // so "cat.dog" is "cat" "." "dog" (GPT-2's regex splits it the same way here, for another reason)
        var tokenizer = Tokenizer("bloom");
        Assert.Equal([Id("c"), Id("a"), Id("t"), Id("."), Id("Ġdog")], tokenizer.Encode("cat. dog"));
        Assert.Equal("[^(\\s|.,!?)]+", HfTokenizer.FlattenNestedClasses("[^(\\s|[.,!?])]+"));
    }

    [Fact]
    public void A_tokenizer_that_is_not_byte_level_bpe_is_refused_with_the_reason()
    {
        var json = TinyCheckpoints.TokenizerJson("gpt2");
        json["model"]!["type"] = "WordPiece";
        var path = Path.Combine(dir, "wp.json");
        File.WriteAllText(path, json.ToJsonString());
        var error = Assert.Throws<MnemoException>(() => HfTokenizer.Load(path));
        Assert.Contains("model type 'WordPiece'", error.Message);

        json = TinyCheckpoints.TokenizerJson("gpt2");
        json["pre_tokenizer"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "Metaspace" };
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("pre-tokenizer 'Metaspace'", Assert.Throws<MnemoException>(() => HfTokenizer.Load(path)).Message);
    }

    [Fact]
    public void Symbols_map_to_single_tokens_and_anchors_to_new_tokens()
    {
        var format = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("parity"), "anchors", new FormatOptions { AnchorPool = 8 });
        var mapping = new SymbolMapping(Tokenizer("gpt2"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, format.Tokens, ModelConfig.AnchorsAdded);
        var vocab = mapping.Vocabulary;
        Assert.Equal(Id("Ġ>>>"), vocab.Id(">>>"));
        Assert.Equal(Id("Ġ==="), vocab.Id("==="));
        Assert.Equal(Id("Ġ0"), vocab.Id("0"));
        Assert.Equal(Id("Ġ1"), vocab.Id("1"));
        Assert.Equal(TinyCheckpoints.EosId, vocab.End);
        Assert.Equal(Enumerable.Range(0, 8).Select(k => (TinyCheckpoints.VocabSize + k, $"M{k}")), mapping.NewTokens);
        Assert.Equal(TinyCheckpoints.VocabSize + 8, vocab.Count);
        Assert.Equal("M3", vocab.Token(TinyCheckpoints.VocabSize + 3));
        Assert.Equal("Ġcat", vocab.Token(Id("Ġcat"))); // ids outside the format show the checkpoint's token
    }

    [Fact]
    public void Existing_anchors_are_single_token_words_in_id_order_and_a_missing_symbol_becomes_a_new_token()
    {
        var format = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("addition"), "anchors", new FormatOptions { AnchorPool = 4 });
        var mapping = new SymbolMapping(Tokenizer("bloom"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, format.Tokens, ModelConfig.AnchorsExisting);
        var vocab = mapping.Vocabulary;
        Assert.Equal([Id("Ġcat"), Id("Ġdog"), Id("Ġsun"), Id("Ġred")], Enumerable.Range(0, 4).Select(k => vocab.Id($"M{k}")));
        Assert.Equal(Id("Ġ+"), vocab.Id("+"));
        Assert.Equal(Id("Ġ1"), vocab.Id("1"));
        Assert.Equal(Id("7"), vocab.Id("7")); // no " 7" token in the tiny vocabulary: the bare digit's
        // no single token spells "###" (with or without its space): it becomes a new token
        Assert.Equal([(TinyCheckpoints.VocabSize, "###")], mapping.NewTokens);

        var tooMany = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("parity"), "anchors", new FormatOptions { AnchorPool = 50 });
        var error = Assert.Throws<MnemoException>(() => new SymbolMapping(Tokenizer("gpt2"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, tooMany.Tokens, ModelConfig.AnchorsExisting));
        Assert.Contains("model.anchor_tokens", error.Message);
    }

    [Fact]
    public void Encoded_examples_end_with_the_checkpoint_end_token()
    {
        var format = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("parity"), "scratchpad", new FormatOptions());
        var vocab = new SymbolMapping(Tokenizer("gpt_neox"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, format.Tokens, ModelConfig.AnchorsAdded).Vocabulary;
        var example = EncodedExample.From(format.Render(Mnemo.Tasks.TaskRegistry.Create("parity").Sample(new Random(1), 5), new Random(1)), vocab);
        Assert.Equal(TinyCheckpoints.EosId, example.TargetWithEos[^1]);
        Assert.All(example.Prompt.Concat(example.Target), id => Assert.Contains(id, new[] { Id("Ġ0"), Id("Ġ1"), Id("Ġ>>>"), Id("Ġ===") }));
    }
}
