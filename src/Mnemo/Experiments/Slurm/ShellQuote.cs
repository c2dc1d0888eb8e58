using System.Text.RegularExpressions;

namespace Mnemo.Experiments.Slurm;

/// <summary>Quotes a word for bash so that it reaches the program unchanged, whatever it holds.</summary>
public static partial class ShellQuote
{
    /// <summary>Plain words stay bare (readable scripts); anything else goes in single quotes, inside
    /// which only the single quote itself needs care: close, escaped quote, reopen.</summary>
    public static string Quote(string word) =>
        PlainWord().IsMatch(word) ? word : "'" + word.Replace("'", @"'\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex PlainWord();
}
