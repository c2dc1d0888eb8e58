using Mnemo.Data;
using Mnemo.Models.Positions;

namespace Mnemo.Experiments;

/// <summary>Names on the <c>schemes</c> sweep axis: a positional scheme (<c>learned</c>, <c>rope</c>, …),
/// optionally prefixed by how positions are drawn (<c>randomized-rope</c>, <c>offset-learned</c>);
/// <c>randomized</c> alone means <c>randomized-learned</c>, as in Ruoss et al. 2023.</summary>
public static class SchemeAxis
{
    public static (string Scheme, PositionMode? Positions) Parse(string name)
    {
        if (name == "randomized") return ("learned", PositionMode.Randomized);
        foreach (var mode in new[] { PositionMode.Randomized, PositionMode.Offset })
        {
            var prefix = Label(mode) + "-";
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                var scheme = Find(name[prefix.Length..], name);
                if (!scheme.ReadsPositionValues)
                    throw new MnemoException($"schemes: '{name}': {Label(mode)} positions need a scheme that reads positions as values ({PositionalSchemes.ReadingPositionValues})");
                return (scheme.Name, mode);
            }
        }
        return (Find(name, name).Name, null);
    }

    /// <summary>The label of a scheme with its position mode, as in run names and results.csv.</summary>
    public static string Label(string scheme, PositionMode positions) =>
        positions == PositionMode.Sequential ? scheme : $"{Label(positions)}-{scheme}";

    private static string Label(PositionMode mode) => mode.ToString().ToLowerInvariant();

    private static PositionalSchemeKind Find(string scheme, string name) =>
        PositionalSchemes.Find(scheme) ?? throw new MnemoException(
            $"schemes: unknown positional scheme '{name}'{Spelling.Suggest(scheme, PositionalSchemes.Names, prefix: name[..^scheme.Length])} (allowed: {string.Join(", ", PositionalSchemes.Names)}, randomized, or randomized-/offset- before {PositionalSchemes.ReadingPositionValues})");
}
