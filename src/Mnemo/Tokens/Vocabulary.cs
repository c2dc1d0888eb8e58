using System.Text.Json;

namespace Mnemo.Tokens;

/// <summary>Token strings ↔ ids. Id 0 is padding and id 1 the end of sequence; the format's tokens follow
/// in the order the format declares them, so the same format and options always give the same ids.</summary>
public sealed class Vocabulary
{
    public const string Pad = "<pad>";
    public const string Eos = "<eos>";
    public const int PadId = 0;
    public const int EosId = 1;

    private readonly Dictionary<string, int> _ids = new();
    private readonly List<string> _tokens = new();

    public Vocabulary(IEnumerable<string> formatTokens)
    {
        foreach (var t in new[] { Pad, Eos }.Concat(formatTokens))
        {
            if (_ids.ContainsKey(t)) continue;
            _ids[t] = _tokens.Count;
            _tokens.Add(t);
        }
    }

    public int Count => _tokens.Count;
    public IReadOnlyList<string> Tokens => _tokens;

    public bool Contains(string token) => _ids.ContainsKey(token);

    public int Id(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new MnemoException($"vocabulary: token '{token}' is not in the vocabulary");

    public string Token(int id) => id >= 0 && id < _tokens.Count ? _tokens[id] : $"<?{id}>";

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(_tokens));

    public static Vocabulary Load(string path)
    {
        var tokens = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))
                     ?? throw new MnemoException($"{path}: not a vocabulary file");
        if (tokens.Count < 2 || tokens[PadId] != Pad || tokens[EosId] != Eos)
            throw new MnemoException($"{path}: not a vocabulary file (must start with {Pad}, {Eos})");
        return new Vocabulary(tokens.Skip(2));
    }
}
