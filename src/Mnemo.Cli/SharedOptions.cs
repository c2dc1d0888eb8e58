using System.CommandLine;

namespace Mnemo.Cli;

/// <summary>Options that several commands take, spelled the same everywhere.</summary>
public static class SharedOptions
{
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override a setting of the experiment file, e.g. --set training.steps=500 --set evaluation.lengths=[6,12,24] (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <param name="folders">The options that name the folders it applies to, for --help.</param>
    public static Option<bool> Force(string folders = "--out") => new("--force")
    {
        Description = $"Write into an existing {folders} folder that Mnemo did not create (none of its files is replaced or deleted)",
    };

    public static Option<int[]?> Lengths() => new("--lengths")
    {
        Description = "Comma-separated lengths to evaluate, e.g. 6,12,24,36 (default: the run's evaluation.lengths)",
        CustomParser = r =>
        {
            var lengths = new List<int>();
            foreach (var word in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)))
            {
                if (word.Length == 0)
                {
                    r.AddError($"--lengths: an empty entry in '{string.Join(' ', r.Tokens.Select(t => t.Value))}' (command line; separate lengths with single commas, e.g. 6,12,24)");
                    return null;
                }
                if (!int.TryParse(word, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var length))
                {
                    // reported by ParseErrors like any other parse error; an exception here would abort the process
                    r.AddError($"--lengths: '{word}' is not a whole number from 1 to 2147483647 (command line; separate lengths with commas, e.g. 6,12,24)");
                    return null;
                }
                lengths.Add(length);
            }
            return [.. lengths];
        },
    };
}
