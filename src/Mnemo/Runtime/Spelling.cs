using F23.StringSimilarity;

namespace Mnemo;

/// <summary>"Did you mean" for a name that is not one of the known ones (a setting, a task, a scheme…), so that
/// an error points at the likely typo instead of leaving the user to scan the whole list.</summary>
public static class Spelling
{
    private static readonly Damerau Distance = new();

    /// <summary>The known name closest to <paramref name="name"/>, or null when none is close. Names are compared
    /// lower-cased without '_' and '-' (so batchSize and batch-size find batch_size), by Damerau–Levenshtein distance
    /// (a letter added, dropped, changed, or two neighbours swapped: one edit each); close means at most a third of
    /// the name's letters need an edit (at least one). Under three letters nothing is suggested: every short
    /// alias (-h, -?) would be "close".</summary>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        var typed = Fold(name);
        if (typed.Length < 3) return null;
        int allowed = Math.Max(1, typed.Length / 3);
        return known.Select(k => (Name: k, Distance: Distance.Distance(typed, Fold(k))))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>", did you mean 'x'?" for the closest known name, or "" when none is close: to follow "unknown … 'name'".</summary>
    /// <param name="prefix">Put back before the suggestion: what the user wrote before the part that is looked up.</param>
    public static string Suggest(string name, IEnumerable<string> known, string prefix = "") =>
        Closest(name, known) is { } close ? $", did you mean '{prefix}{close}'?" : "";

    private static string Fold(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();
}
