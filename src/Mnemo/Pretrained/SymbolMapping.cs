using System.Text.RegularExpressions;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Tokens;

namespace Mnemo.Pretrained;

/// <summary>Maps a format's symbols to ids of a checkpoint, one id per symbol (the formats write one token
/// per symbol), deterministically:
/// <list type="number">
/// <item>the end token is the checkpoint's eos_token_id;</item>
/// <item>a symbol that is already an added token of the tokenizer keeps that id (e.g. a checkpoint Mnemo saved);</item>
/// <item>any other non-anchor symbol (bits, digits, <c>&gt;&gt;&gt;</c>, <c>===</c>, …) takes the single token the
/// tokenizer gives to " symbol" (as the symbol appears in space-separated text), else to "symbol";</item>
/// <item>anchors (<c>M17</c>) under <c>added</c>: a new token each; under <c>existing</c>: the k-th single-token
/// English-looking word of the vocabulary (" " followed by 3+ ASCII letters, by increasing id, skipping ids
/// the other symbols took), so M0, M1, … become common words the pretrained model already tells apart;</item>
/// <item>a non-anchor symbol that no single token spells becomes a new token in either mode.</item>
/// </list>
/// New tokens get the ids the tokenizers library will give them when it loads the saved tokenizer.json
/// (<see cref="AddedTokens"/>: right after the tokenizer's vocabulary, not after the model's embedding table),
/// in the format's token order. Each gets a freshly initialized, then trained embedding row: a row appended to
/// the table, or, where the checkpoint's table is padded beyond its tokenizer (BLOOM, Pythia), one of those
/// never-used padding rows, re-initialized.</summary>
public sealed class SymbolMapping
{
    private static readonly Regex AnchorName = new(@"^M\d+$");
    /// <summary>A leading space (byte-level 'Ġ', SentencePiece '▁', see <see cref="HfTokenizer.SpaceMark"/>) and 3+ ASCII letters.</summary>
    private static readonly Regex Letters = new("^[A-Za-z]{3,}$");

    public SymbolMapping(HfTokenizer tokenizer, int eosId, int modelVocabulary, IReadOnlyList<string> symbols, string anchors)
    {
        var ids = new Dictionary<string, int> { [Vocabulary.Eos] = eosId };
        var newTokens = new List<(int Id, string Content)>();
        var anchorSymbols = new List<string>();
        int next = tokenizer.NextAddedId;
        foreach (var s in symbols.Distinct())
        {
            if (tokenizer.AddedId(s) is { } existing) ids[s] = existing;
            else if (AnchorName.IsMatch(s)) anchorSymbols.Add(s);
            else if ((Single(tokenizer, " " + s) ?? Single(tokenizer, s)) is { } id) ids[s] = id;
            else newTokens.Add((next + newTokens.Count, s));
        }
        if (anchors == PretrainedConfig.AnchorsExisting)
        {
            var taken = ids.Values.ToHashSet();
            var words = tokenizer.Entries.Where(e => e.Key < modelVocabulary && e.Value.Length > 0 && e.Value[0] == tokenizer.SpaceMark && Letters.IsMatch(e.Value[1..]) && !taken.Contains(e.Key))
                .Select(e => e.Key).Order().Take(anchorSymbols.Count).ToList();
            if (words.Count < anchorSymbols.Count)
                throw new MnemoException($"pretrained.anchor_tokens: existing needs {anchorSymbols.Count} single-token words for the anchors, the vocabulary of {tokenizer.Path} has {words.Count}; lower format_options.anchor_pool or use added");
            foreach (var (s, id) in anchorSymbols.Zip(words)) ids[s] = id;
        }
        else
            foreach (var s in anchorSymbols) newTokens.Add((next + newTokens.Count, s));
        foreach (var (id, s) in newTokens) ids[s] = id;
        NewTokens = newTokens;
        EmbeddingRows = Math.Max(modelVocabulary, next + newTokens.Count);
        CheckpointRows = newTokens.Count == 0 ? modelVocabulary : Math.Min(modelVocabulary, next);
        Vocabulary = Vocabulary.Mapped(ids, EmbeddingRows, tokenizer.Name);
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>Tokens the checkpoint lacks, with the ids given to them (each with a fresh embedding row).</summary>
    public IReadOnlyList<(int Id, string Content)> NewTokens { get; }

    /// <summary>Rows of the fine-tuned model's embedding table: the checkpoint's, or more when the new tokens reach beyond them.</summary>
    public int EmbeddingRows { get; }

    /// <summary>Leading rows that keep the checkpoint's trained embeddings (every row below the first new token).</summary>
    public int CheckpointRows { get; }

    private static int? Single(HfTokenizer tokenizer, string text) => tokenizer.Encode(text) is [var id] ? id : null;
}
