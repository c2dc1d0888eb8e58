namespace Mnemo.Formats;

/// <summary>Token spellings shared by every format.</summary>
public static class FormatTokens
{
    public const string PromptStart = ">>>";
    public const string PromptEnd = "===";
    public const string ConstantAnchor = "#";
    public const string Plus = "+";
    /// <summary>Separates the reversed sum from the sum in addition targets.</summary>
    public const string ResultSeparator = "###";

    public static readonly IReadOnlyList<string> Digits = Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray();

    public static string Anchor(int k) => $"M{k}";

    /// <summary><c>&gt;&gt;&gt; body ===</c>.</summary>
    public static string[] Prompt(IEnumerable<string> body) => [PromptStart, .. body, PromptEnd];

    /// <summary>A format's token list, refusing a token that would mean two things (e.g. an alphabet
    /// symbol <c>#</c> next to the constant anchor): the vocabulary could not tell them apart.</summary>
    public static IReadOnlyList<string> Distinct(string format, IEnumerable<string> tokens)
    {
        var list = tokens.ToList();
        var clash = list.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new MnemoException($"format: {format} would write '{clash.Key}' for two different things (an alphabet symbol clashes with the format's own tokens)");
        return list;
    }
}
