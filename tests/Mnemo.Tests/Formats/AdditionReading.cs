using Mnemo.Formats;

namespace Mnemo.Tests.Formats;

/// <summary>An addition example read back token by token, independently of the format's code: each
/// operand digit with the anchor before it, the anchor closing each operand, and each result digit
/// (reversed sum, then sum) with the anchors before it. Anchors are the tokens spelled M&lt;k&gt;.</summary>
public sealed record AdditionReading(
    List<List<(string? Anchor, char Digit)>> Operands,
    List<string?> Ends,
    List<(List<string> Anchors, char Digit)> Reversed,
    List<(List<string> Anchors, char Digit)> Sum)
{
    public static bool IsAnchor(string token) => token.Length > 1 && token[0] == 'M' && token[1..].All(char.IsAsciiDigit);

    public static AdditionReading Read(FormattedExample e)
    {
        Assert.Equal(">>>", e.Prompt[0]);
        Assert.Equal("===", e.Prompt[^1]);
        var operands = new List<List<(string?, char)>>();
        var ends = new List<string?>();
        foreach (var part in Split(e.Prompt.Skip(1).SkipLast(1), "+"))
        {
            var digits = new List<(string?, char)>();
            string? pending = null;
            foreach (var t in part)
            {
                if (IsAnchor(t)) { Assert.Null(pending); pending = t; }
                else { digits.Add((pending, Digit(t))); pending = null; }
            }
            operands.Add(digits);
            ends.Add(pending);
        }
        var results = Split(e.Target, "###").Select(ReadResult).ToList();
        Assert.Equal(2, results.Count);
        return new AdditionReading(operands, ends, results[0], results[1]);
    }

    /// <summary>The operand digits as strings, e.g. ["12", "9"].</summary>
    public IEnumerable<string> OperandDigits => Operands.Select(o => string.Concat(o.Select(d => d.Digit)));

    /// <summary>The anchor before operand o's digit of place value 10^p, or null when it has none there.</summary>
    public string? AnchorAt(int o, int p) => p < Operands[o].Count ? Operands[o][Operands[o].Count - 1 - p].Anchor : null;

    private static List<(List<string>, char)> ReadResult(List<string> tokens)
    {
        var digits = new List<(List<string>, char)>();
        var pending = new List<string>();
        foreach (var t in tokens)
        {
            if (IsAnchor(t)) pending.Add(t);
            else { digits.Add((pending, Digit(t))); pending = []; }
        }
        Assert.Empty(pending);
        return digits;
    }

    private static char Digit(string token)
    {
        Assert.True(token.Length == 1 && char.IsAsciiDigit(token[0]), $"'{token}' is neither an anchor nor a digit");
        return token[0];
    }

    private static List<List<string>> Split(IEnumerable<string> tokens, string separator)
    {
        var parts = new List<List<string>> { new() };
        foreach (var t in tokens)
            if (t == separator) parts.Add([]);
            else parts[^1].Add(t);
        return parts;
    }
}
