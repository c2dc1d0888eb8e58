using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary>The one handler of command-line mistakes (a value of the wrong type, an unknown option, a
/// missing one): one line naming the option, the value and what was expected in words, exit code 2, no
/// usage dump and no .NET type names. Settings errors take the same shape (<see cref="ConfigSchema"/>).</summary>
public static class ParseErrors
{
    public const int ExitCode = 2;

    /// <summary>The error line for <paramref name="parse"/>: a value that does not convert first, then a
    /// word that is no command or option, then whatever System.CommandLine found.</summary>
    public static string Describe(ParseResult parse)
    {
        var help = $"see '{string.Join(' ', CommandPath(parse.CommandResult))} --help'";
        foreach (var error in parse.Errors)
        {
            if (error.SymbolResult is not { } result || Value(result) is not var (name, type, tokens)) continue;
            if (error.Message.StartsWith(name + ": ", StringComparison.Ordinal)) return OneLine(error.Message); // our own parser's line
            var element = type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
            if (tokens.FirstOrDefault(t => !Converts(t, element)) is { } bad)
                return $"{name}: '{bad}' is not {ConfigSchema.Expected(element)} (command line)";
            // a value outside an option's list (AcceptOnlyFromAmong): the list, and the likely typo
            if (result is OptionResult { Option: var accepting } && Choices(accepting) is { Count: > 0 } choices
                && tokens.FirstOrDefault(t => !choices.Contains(t)) is { } other)
                return $"{name}: '{other}' is not one of {string.Join(", ", choices)}{Spelling.Suggest(other, choices)} (command line)";
        }
        if (parse.UnmatchedTokens.Count > 0)
        {
            var word = parse.UnmatchedTokens[0];
            var command = parse.CommandResult.Command;
            var here = command.Options.Concat<Symbol>(command.Subcommands).SelectMany(s => s switch
            {
                Option o => o.Aliases.Prepend(o.Name),
                Command c => c.Aliases.Prepend(c.Name),
                _ => [],
            });
            return $"'{word}' is not a command or option here{Spelling.Suggest(word, here)} (command line); {help}";
        }
        var first = parse.Errors[0];
        var prefix = first.SymbolResult is { } r && Value(r) is var (option, _, _) ? $"{option}: " : "";
        return $"{prefix}{OneLine(first.Message).TrimEnd('.')} (command line); {help}";
    }

    /// <summary>The values an option accepts when it takes only those (its completions), else none.</summary>
    private static List<string> Choices(Option option) =>
        option.ValueType == typeof(string) || option.ValueType == typeof(string[])
            ? option.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label).ToList()
            : [];

    private static string OneLine(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*[\r\n\t]+\s*", " ").Trim();

    /// <summary>The option or argument a result belongs to, its value type and the words given for it.</summary>
    private static (string Name, Type Type, IReadOnlyList<string> Tokens)? Value(SymbolResult result) => result switch
    {
        OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens.Select(t => t.Value).ToList()),
        ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, o.Option.ValueType, a.Tokens.Select(t => t.Value).ToList()),
        ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens.Select(t => t.Value).ToList()),
        _ => null,
    };

    private static bool Converts(string token, Type type) =>
        type == typeof(int) ? int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
        : type == typeof(double) ? double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
        : type == typeof(bool) ? bool.TryParse(token, out _)
        : true;

    private static IEnumerable<string> CommandPath(CommandResult? command)
    {
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parent as CommandResult)
            names.Insert(0, c.Parent is null ? "mnemo" : c.Command.Name);
        return names.Count > 0 ? names : ["mnemo"];
    }
}
