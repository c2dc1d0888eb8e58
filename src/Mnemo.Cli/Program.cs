using System.CommandLine;

namespace Mnemo.Cli;

/// <summary>The entry point, and the command tree built by <see cref="CreateRoot"/> so that tests can run
/// the real CLI in-process.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        HugePageRelaunch.Run(args);
        return CreateRoot().Parse(args).Invoke();
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
