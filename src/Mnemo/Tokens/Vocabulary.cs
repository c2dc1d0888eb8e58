using System.Text.Json;

namespace Mnemo.Tokens;

/// <summary>Token strings ↔ ids. From scratch, id 0 is padding and id 1 the end of sequence, and the format's
/// tokens follow in the order the format declares them, so the same format and options always give the
/// same ids. For a pretrained checkpoint (<see cref="Mapped"/>) each format symbol has the id the
/// checkpoint's tokenizer gives it, the end token is the checkpoint's, and <see cref="Count"/> is the
/// size of the model's embedding table.</summary>
public sealed class Vocabulary
{
    public const string Pad = "<pad>";
    public const string Eos = "<eos>";
    public const int PadId = 0;
    public const int EosId = 1;

    private readonly Dictionary<string, int> _ids = new();
    private readonly List<string> _tokens = new();
    /// <summary>Names of the ids that are no format symbol (pretrained vocabularies), or null.</summary>
    private readonly Func<int, string?>? _otherNames;
    private readonly Dictionary<int, string> _symbolOf = new();

    public Vocabulary(IEnumerable<string> formatTokens)
    {
        foreach (var t in new[] { Pad, Eos }.Concat(formatTokens))
        {
            if (_ids.ContainsKey(t)) continue;
            _ids[t] = _tokens.Count;
            _tokens.Add(t);
        }
        Count = _tokens.Count;
        End = EosId;
        foreach (var (t, id) in _ids) _symbolOf[id] = t;
    }

    private Vocabulary(IReadOnlyDictionary<string, int> symbols, int count, int end, Func<int, string?> otherNames)
    {
        foreach (var (t, id) in symbols)
        {
            if (id < 0 || id >= count) throw new MnemoException($"vocabulary: '{t}' maps to id {id}, outside the model's {count} embeddings");
            if (_symbolOf.TryGetValue(id, out var other))
                throw new MnemoException($"vocabulary: '{t}' and '{other}' map to the same id {id}; the model could not tell them apart");
            _ids[t] = id;
            _symbolOf[id] = t;
            _tokens.Add(t);
        }
        Count = count;
        End = end;
        _otherNames = otherNames;
    }

    /// <summary>A vocabulary over a pretrained model's ids: <paramref name="symbols"/> maps each format
    /// symbol (and <see cref="Eos"/>) to its id; other ids are named by <paramref name="otherNames"/>.</summary>
    public static Vocabulary Mapped(IReadOnlyDictionary<string, int> symbols, int count, Func<int, string?> otherNames)
    {
        if (!symbols.TryGetValue(Eos, out var end)) throw new MnemoException($"vocabulary: no id for the end token {Eos}");
        return new Vocabulary(symbols, count, end, otherNames);
    }

    /// <summary>Number of ids the model embeds (and predicts).</summary>
    public int Count { get; }

    /// <summary>Id of the end-of-sequence token.</summary>
    public int End { get; }

    /// <summary>True when the ids are a pretrained checkpoint's (see <see cref="Mapped"/>).</summary>
    public bool IsMapped => _otherNames is not null;

    /// <summary>The symbols with an id: every id from scratch; the format's symbols for a mapped vocabulary.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    public bool Contains(string token) => _ids.ContainsKey(token);

    public int Id(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new MnemoException($"vocabulary: token '{token}' is not in the vocabulary");

    public string Token(int id) =>
        _symbolOf.TryGetValue(id, out var t) ? t
        : (id >= 0 && id < Count ? _otherNames?.Invoke(id) : null) ?? $"<?{id}>";

    /// <summary>From scratch: the list of tokens (index = id). Mapped: an object symbol → id.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, IsMapped
        ? JsonSerializer.Serialize(_ids.OrderBy(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value))
        : JsonSerializer.Serialize(_tokens));
}
