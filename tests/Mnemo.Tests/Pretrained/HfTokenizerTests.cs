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
        var mapping = new SymbolMapping(Tokenizer("gpt2"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, format.Tokens, PretrainedConfig.AnchorsAdded);
        var vocab = mapping.Vocabulary;
        Assert.Equal(Id("Ġ>>>"), vocab.Id(">>>"));
        Assert.Equal(Id("Ġ==="), vocab.Id("==="));
        Assert.Equal(Id("Ġ0"), vocab.Id("0"));
        Assert.Equal(Id("Ġ1"), vocab.Id("1"));
        Assert.Equal(TinyCheckpoints.EosId, vocab.End);
        // the ids the tokenizers library gives added tokens: right after the tokenizer's own ids, so the first
        // three land on the padding rows of the model's table (3 rows beyond the tokenizer), the rest beyond it
        Assert.Equal(Enumerable.Range(0, 8).Select(k => (TinyCheckpoints.TokenizerSize + k, $"M{k}")), mapping.NewTokens);
        Assert.Equal(TinyCheckpoints.TokenizerSize + 8, vocab.Count);
        Assert.Equal(TinyCheckpoints.TokenizerSize + 8, mapping.EmbeddingRows);
        Assert.Equal(TinyCheckpoints.TokenizerSize, mapping.CheckpointRows);
        Assert.Equal("M3", vocab.Token(TinyCheckpoints.TokenizerSize + 3));
        Assert.Equal("Ġcat", vocab.Token(Id("Ġcat"))); // ids outside the format show the checkpoint's token
    }

    [Fact]
    public void Existing_anchors_are_single_token_words_in_id_order_and_a_missing_symbol_becomes_a_new_token()
    {
        var format = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("addition"), "anchors", new FormatOptions { AnchorPool = 4 });
        var mapping = new SymbolMapping(Tokenizer("bloom"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, format.Tokens, PretrainedConfig.AnchorsExisting);
        var vocab = mapping.Vocabulary;
        Assert.Equal([Id("Ġcat"), Id("Ġdog"), Id("Ġsun"), Id("Ġred")], Enumerable.Range(0, 4).Select(k => vocab.Id($"M{k}")));
        Assert.Equal(Id("Ġ+"), vocab.Id("+"));
        Assert.Equal(Id("Ġ1"), vocab.Id("1"));
        Assert.Equal(Id("7"), vocab.Id("7")); // no " 7" token in the tiny vocabulary: the bare digit's
        // no single token spells "###" (with or without its space): it becomes a new token
        Assert.Equal([(TinyCheckpoints.TokenizerSize, "###")], mapping.NewTokens);
        Assert.Equal(TinyCheckpoints.VocabSize, mapping.EmbeddingRows); // it fits on a padding row: the table keeps its size

        var tooMany = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("parity"), "anchors", new FormatOptions { AnchorPool = 50 });
        var error = Assert.Throws<MnemoException>(() => new SymbolMapping(Tokenizer("gpt2"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, tooMany.Tokens, PretrainedConfig.AnchorsExisting));
        Assert.Contains("pretrained.anchor_tokens", error.Message);
    }

    [Theory]
    [MemberData(nameof(TinyCheckpoints.Architectures), MemberType = typeof(TinyCheckpoints))]
    public void Saved_new_tokens_of_a_byte_level_tokenizer_strip_only_the_space_before_them(string arch)
    {
        var tokenizer = Tokenizer(arch);
        var path = Path.Combine(dir, arch + "-saved.json");
        tokenizer.Save(path, [(tokenizer.NextAddedId, "M0")]);
        var saved = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!["added_tokens"]!.AsArray()[^1]!;
        // rstrip would swallow the space after M0, so the tokenizers library would read "1" where Mnemo trained on "Ġ1"
        Assert.Equal(("M0", true, false), ((string?)saved["content"], (bool)saved["lstrip"]!, (bool)saved["rstrip"]!));
    }

    [Fact]
    public void Encoded_examples_end_with_the_checkpoint_end_token()
    {
        var format = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("parity"), "scratchpad", new FormatOptions());
        var vocab = new SymbolMapping(Tokenizer("gpt_neox"), TinyCheckpoints.EosId, TinyCheckpoints.VocabSize, format.Tokens, PretrainedConfig.AnchorsAdded).Vocabulary;
        var example = EncodedExample.From(format.Render(Mnemo.Tasks.TaskRegistry.Create("parity").Sample(new Random(1), 5), new Random(1)), vocab);
        Assert.Equal(TinyCheckpoints.EosId, example.TargetWithEos[^1]);
        Assert.All(example.Prompt.Concat(example.Target), id => Assert.Contains(id, new[] { Id("Ġ0"), Id("Ġ1"), Id("Ġ>>>"), Id("Ġ===") }));
    }

    private HfTokenizer Load(System.Text.Json.Nodes.JsonObject json, string name = "edited")
    {
        var path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return HfTokenizer.Load(path);
    }

    [Fact]
    public void Gpt2_s_published_serialization_without_a_model_type_and_with_empty_affixes_is_read()
    {
        // GPT-2's tokenizer.json: "model" has no "type"; Qwen's writes the two affixes as "" too
        var json = TinyCheckpoints.TokenizerJson("gpt2");
        var model = json["model"]!.AsObject();
        model.Remove("type");
        model["continuing_subword_prefix"] = "";
        model["end_of_word_suffix"] = "";
        Assert.Equal(Tokenizer("gpt2").Encode(" 1 0 >>> cat dog x.y"), Load(json).Encode(" 1 0 >>> cat dog x.y"));

        model["continuing_subword_prefix"] = "##";
        var error = Assert.Throws<MnemoException>(() => Load(json));
        Assert.Contains("model.continuing_subword_prefix = \"##\" is not byte-level BPE", error.Message);
    }

    [Fact]
    public void Ignore_merges_takes_a_piece_that_is_a_vocabulary_entry_whole()
    {
        // without the last merge of "Ġcat" the merges stop at "Ġca" + "t"; the entry itself stays in the vocabulary
        var json = TinyCheckpoints.TokenizerJson("gpt2");
        var merges = json["model"]!["merges"]!.AsArray();
        merges.Remove(merges.Single(m => m is System.Text.Json.Nodes.JsonArray pair ? $"{pair[0]} {pair[1]}" == "Ġca t" : (string?)m == "Ġca t"));
        Assert.Equal([Id("Ġca"), Id("t"), Id("Ġdog")], Load(json, "merged").Encode(" cat dog"));
        json["model"]!["ignore_merges"] = true;
        Assert.Equal([Id("Ġcat"), Id("Ġdog")], Load(json, "ignoring").Encode(" cat dog"));
    }

    [Fact]
    public void Added_token_ids_the_tokenizers_library_would_renumber_are_refused()
    {
        // the library ignores the written ids: a second added token after the end token gets EosId + 1, not EosId + 5
        var json = TinyCheckpoints.TokenizerJson("gpt2");
        json["added_tokens"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["id"] = TinyCheckpoints.EosId + 5, ["content"] = "<pad>", ["special"] = true });
        var error = Assert.Throws<MnemoException>(() => Load(json));
        Assert.Contains($"added token '<pad>' has id {TinyCheckpoints.EosId + 5} in the file, but the tokenizers library gives it id {TinyCheckpoints.EosId + 1}", error.Message);

        json["added_tokens"]![1]!["id"] = TinyCheckpoints.EosId + 1;
        var tokenizer = Load(json);
        Assert.Equal(TinyCheckpoints.EosId + 2, tokenizer.NextAddedId);
        Assert.Equal(TinyCheckpoints.EosId + 1, tokenizer.AddedId("<pad>"));
    }
}

/// <summary>SentencePiece-style tokenizer.json (model.byte_fallback) on a hand-made vocabulary whose ids can be
/// worked out by hand; the published file's ids are checked against its own encoder in RealTokenizerTests.</summary>
public sealed class SentencePieceTokenizerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-sptok").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    // ids: <unk> 0, <s> 1, </s> 2, <0x00>..<0xFF> 3..258, then these
    private static readonly string[] Pieces = ["▁", "a", "b", "c", "é", "▁a", "ab", "▁ab", "▁c", "▁cat", "t", "ca", "▁dog", "d", "o", "g", "▁d", "▁do", "▁ca", "▁▁"];
    private static readonly string[] Merges = ["▁ a", "a b", "▁a b", "▁ c", "c a", "▁c a", "▁ca t", "▁ d", "▁d o", "▁do g", "▁ ▁"];

    private static int Id(string piece) => piece.StartsWith("<0x") ? 3 + Convert.ToInt32(piece[3..5], 16) : 259 + Array.IndexOf(Pieces, piece);

    internal static System.Text.Json.Nodes.JsonObject Json(bool metaspace)
    {
        var vocab = new System.Text.Json.Nodes.JsonObject { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (int b = 0; b < 256; b++) vocab[$"<0x{b:X2}>"] = 3 + b;
        foreach (var p in Pieces) vocab[p] = Id(p);
        var added = new System.Text.Json.Nodes.JsonArray(
            new[] { "<unk>", "<s>", "</s>" }.Select((t, i) => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            { ["id"] = i, ["content"] = t, ["special"] = true, ["normalized"] = false }).ToArray());
        return new System.Text.Json.Nodes.JsonObject
        {
            ["added_tokens"] = added,
            ["normalizer"] = metaspace ? null : System.Text.Json.Nodes.JsonNode.Parse("""{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}"""),
            ["pre_tokenizer"] = metaspace ? System.Text.Json.Nodes.JsonNode.Parse("""{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}""") : null,
            ["model"] = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "BPE", ["unk_token"] = "<unk>", ["fuse_unk"] = true, ["byte_fallback"] = true,
                ["vocab"] = vocab, ["merges"] = new System.Text.Json.Nodes.JsonArray(Merges.Select(m => (System.Text.Json.Nodes.JsonNode)m).ToArray()),
            },
        };
    }

    private HfTokenizer Load(System.Text.Json.Nodes.JsonObject json)
    {
        var path = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(path, json.ToJsonString());
        return HfTokenizer.Load(path);
    }

    [Fact]
    public void Pieces_get_a_leading_mark_merge_by_rank_and_fall_back_to_bytes()
    {
        var tokenizer = Load(Json(metaspace: false));
        Assert.Equal(HfTokenizer.SentencePieceSpace, tokenizer.SpaceMark);
        // "▁ab c": ▁+a (rank 0), then ▁a+b (rank 2; a+b, rank 1, no longer adjacent); "▁cat" through ▁c, ▁ca
        Assert.Equal([Id("▁ab"), Id("▁cat")], tokenizer.Encode("ab cat"));
        // 'x' and '€' are not in the vocabulary: their UTF-8 bytes; 'é' is
        Assert.Equal([Id("▁"), Id("<0x78>"), Id("é"), Id("<0xE2>"), Id("<0x82>"), Id("<0xAC>")], tokenizer.Encode("xé€"));
        // Prepend marks every piece between added tokens, even one that starts with a space: "▁▁dog", where
        // "▁ d" (rank 7) comes before "▁ ▁" (rank 10)
        Assert.Equal([Id("▁a"), 1, Id("▁"), Id("▁dog")], tokenizer.Encode("a<s> dog"));

        // Metaspace "first" marks only the piece at the start, and none that starts with a space already
        var metaspace = Load(Json(metaspace: true));
        Assert.Equal([Id("▁a"), 1, Id("▁dog"), 2, Id("ca")], metaspace.Encode("a<s> dog</s>ca"));
        Assert.Equal([Id("▁ab"), Id("▁cat")], metaspace.Encode("ab cat"));
    }

    [Fact]
    public void Variants_it_does_not_reproduce_are_refused_by_name()
    {
        void Refused(System.Text.Json.Nodes.JsonObject json, string why) =>
            Assert.Contains(why, Assert.Throws<MnemoException>(() => Load(json)).Message);

        var json = Json(metaspace: true);
        json["pre_tokenizer"]!["split"] = true;
        Refused(json, "Metaspace with split true");
        json["pre_tokenizer"]!.AsObject().Remove("split");
        Refused(json, "Metaspace with split true (the default when absent)");

        json = Json(metaspace: false);
        json["normalizer"]!["normalizers"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["type"] = "NFKC" });
        Refused(json, "SentencePiece style only as Prepend");

        json = Json(metaspace: false);
        json["model"]!["vocab"]!.AsObject().Remove("<0x41>");
        Refused(json, "no <0x41> token");

        json = Json(metaspace: false);
        json["model"]!["merges"]!.AsArray().Add("a c");
        Refused(json, "merge 'a c' is not two vocabulary entries whose concatenation is one");
    }

    [Fact]
    public void Existing_anchors_are_marked_words_and_saved_tokens_strip_both_sides_under_prepend()
    {
        var tokenizer = Load(Json(metaspace: false));
        var format = FormatRegistry.Create(Mnemo.Tasks.TaskRegistry.Create("parity"), "anchors", new FormatOptions { AnchorPool = 2 });
        var mapping = new SymbolMapping(tokenizer, 2, 300, format.Tokens, PretrainedConfig.AnchorsExisting);
        Assert.Equal([Id("▁cat"), Id("▁dog")], Enumerable.Range(0, 2).Select(k => mapping.Vocabulary.Id($"M{k}")));

        var path = Path.Combine(dir, "saved.json");
        tokenizer.Save(path, [(tokenizer.NextAddedId, "M0")]);
        var saved = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!["added_tokens"]!.AsArray()[^1]!;
        Assert.Equal(("M0", true, true), ((string?)saved["content"], (bool)saved["lstrip"]!, (bool)saved["rstrip"]!));
    }
}
