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

    public static Option<int[]?> Lengths() => new("--lengths")
    {
        Description = "Comma-separated lengths to evaluate, e.g. 6,12,24,36 (default: the run's evaluation.lengths)",
        CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(s => int.TryParse(s, out var v) ? v : throw new MnemoException($"--lengths: '{s}' is not a whole number")).ToArray(),
    };
}
