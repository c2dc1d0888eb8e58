namespace Mnemo.Pretrained;

/// <summary>How the Hugging Face tokenizers library numbers added tokens when it loads a tokenizer.json: it
/// ignores the ids written in added_tokens and adds the tokens one by one in file order. A token that is
/// already an added token or a vocabulary entry keeps that id; any other gets the vocabulary size V (the
/// number of model.vocab entries) when no added id is V or above yet, else one more than the largest added
/// id. So new tokens follow the tokenizer's vocabulary, not the model's embedding table, which is often
/// padded beyond it (BLOOM: 250,680 tokens, 250,880 rows; Pythia: 50,277 and 50,304).</summary>
public static class AddedTokens
{
    /// <summary>The id the library gives <paramref name="content"/> when it is added after <paramref name="added"/>.</summary>
    public static int IdOnLoad(string content, IReadOnlyDictionary<string, int> vocabulary, IReadOnlyDictionary<string, int> added, int vocabularySize) =>
        added.TryGetValue(content, out var id) || vocabulary.TryGetValue(content, out id) ? id : Next(added.Values, vocabularySize);

    /// <summary>The id of the next token that is neither added nor in the vocabulary.</summary>
    public static int Next(IEnumerable<int> addedIds, int vocabularySize)
    {
        int max = addedIds.DefaultIfEmpty(-1).Max();
        return max >= vocabularySize || (vocabularySize == 0 && max >= 0) ? max + 1 : vocabularySize;
    }
}
