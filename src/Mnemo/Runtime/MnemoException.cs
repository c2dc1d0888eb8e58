using System.Globalization;

namespace Mnemo;

/// <summary>An error caused by the user's input (config, lengths, files). Its message is one line
/// that names the offending field or file; the CLI prints it and exits non-zero. An error about an input
/// that is not a config field carries that input as data (<see cref="Field"/>, and <see cref="InputName"/>
/// values inside the text), so that a front end can name it as the user gave it (<see cref="Render"/>).</summary>
public class MnemoException : Exception
{
    private readonly FormattableString? text;

    public MnemoException(string message, Exception? inner = null) : base(message, inner) { }

    /// <param name="field">The input at fault, named first; null: none.</param>
    /// <param name="problem">The rest of the line; <see cref="InputName"/> arguments in it are names of inputs too.</param>
    public MnemoException(InputName? field, FormattableString problem) : base(Compose(field, problem, n => n.Name))
    {
        Field = field;
        text = problem;
    }

    /// <summary>The input the error is about, when it is one of an entry point's inputs (not a config field).</summary>
    public InputName? Field { get; }

    /// <summary>The message with every input named by <paramref name="name"/> (e.g. the command-line flag it came from).</summary>
    public string Render(Func<InputName, string> name) => text is null ? Message : Compose(Field, text, name);

    private static string Compose(InputName? field, FormattableString problem, Func<InputName, string> name)
    {
        var args = problem.GetArguments().Select(a => a is InputName input ? name(input) : a).ToArray();
        var line = string.Format(CultureInfo.CurrentCulture, problem.Format, args);
        return field is null ? line : $"{name(field)}: {line}";
    }
}
