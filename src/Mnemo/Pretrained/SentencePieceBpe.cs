using System.Text;

namespace Mnemo.Pretrained;

/// <summary>The BPE model of a SentencePiece-style tokenizer.json (Llama 2, TinyLlama, Mistral: model.byte_fallback
/// true), as the Hugging Face tokenizers library applies it to one normalized piece: each character (Unicode scalar)
/// that is a vocabulary entry starts as that token, any other as the <c>&lt;0xXX&gt;</c> tokens of its UTF-8 bytes;
/// then, repeatedly, the adjacent pair with the lowest merge rank (the leftmost among equals) becomes the merged
/// token. Microsoft.ML.Tokenizers' BpeTokenizer has no byte fallback and its SentencePieceTokenizer reads only
/// tokenizer.model files, so this is the library's algorithm written out (HF tokenizers, models/bpe/word.rs).</summary>
public sealed class SentencePieceBpe
{
    private readonly IReadOnlyDictionary<string, int> vocabulary;
    private readonly Dictionary<(int, int), (int Rank, int Id)> merges = new();
    private readonly int[] byteIds = new int[256];
    private readonly bool ignoreMerges;

    /// <param name="merges">"a b" merges in rank order.</param>
    /// <param name="refuse">Builds the error for a file this model cannot reproduce.</param>
    public SentencePieceBpe(IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<string> merges, bool ignoreMerges, Func<string, Exception> refuse)
    {
        this.vocabulary = vocabulary;
        this.ignoreMerges = ignoreMerges;
        for (int b = 0; b < 256; b++)
            byteIds[b] = vocabulary.TryGetValue($"<0x{b:X2}>", out var id) ? id
                : throw refuse($"model.byte_fallback is true but the vocabulary has no <0x{b:X2}> token (characters outside the vocabulary would become the unknown token)");
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var parts = merges[rank].Split(' ');
            if (parts.Length != 2 || !vocabulary.TryGetValue(parts[0], out var left) || !vocabulary.TryGetValue(parts[1], out var right)
                || !vocabulary.TryGetValue(parts[0] + parts[1], out var merged))
                throw refuse($"merge '{merges[rank]}' is not two vocabulary entries whose concatenation is one");
            this.merges[(left, right)] = (rank, merged); // a repeated merge keeps its last rank, as the library's map does
        }
    }

    /// <summary>Token ids of one normalized piece (spaces already "▁").</summary>
    public IEnumerable<int> Encode(string piece)
    {
        if (ignoreMerges && vocabulary.TryGetValue(piece, out var whole)) return [whole];
        var symbols = new List<int>(piece.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in piece.EnumerateRunes())
        {
            if (vocabulary.TryGetValue(rune.ToString(), out var id)) { symbols.Add(id); continue; }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)]) symbols.Add(byteIds[b]);
        }
        while (true)
        {
            int best = -1;
            (int Rank, int Id) chosen = (int.MaxValue, 0);
            for (int i = 0; i + 1 < symbols.Count; i++)
                if (merges.TryGetValue((symbols[i], symbols[i + 1]), out var merge) && merge.Rank < chosen.Rank)
                    (best, chosen) = (i, merge);
            if (best < 0) return symbols;
            symbols[best] = chosen.Id;
            symbols.RemoveAt(best + 1);
        }
    }
}
