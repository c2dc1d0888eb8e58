using System.CommandLine;

namespace Mnemo.Cli;

/// <summary>The entry point, and the command tree built by <see cref="CreateRoot"/> so that tests can run
/// the real CLI in-process.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        HugePageRelaunch.Run(args);
        Mnemo.Runtime.OpenMpWaitPolicy.Apply(); // before libtorch loads: libgomp reads it once, when loaded
        Mnemo.Runtime.ParentDeath.Follow(); // a trial process of a parallel sweep dies with the sweep
        // Spectre assumes 80 columns when there is no terminal, which cuts wide tables and wraps long lines
        // in a log file; a file has no width, so tables and lines keep theirs.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = RedirectedWidth;
        return Run(args);
    }

    /// <summary>Columns Spectre may use when the output goes to a file or a pipe: wider than any table Mnemo prints.</summary>
    private const int RedirectedWidth = 4096;

    /// <summary>Parses and runs one command line: a parse error is one line on stderr and exit code 2
    /// (<see cref="ParseErrors"/>); no arguments show the help.</summary>
    public static int Run(string[] args)
    {
        var parse = CreateRoot().Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count == 0) return parse.Invoke();
        Console.Error.WriteLine($"error: {ParseErrors.Describe(parse)}");
        return ParseErrors.ExitCode;
    }

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Mnemo: study how transformers address their context (\"Your Context Is Not an Array\"): tasks, formats with anchors, positional schemes, training and evaluation per length.");
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(AttributeCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
