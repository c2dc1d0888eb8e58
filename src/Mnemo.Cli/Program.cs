using System.CommandLine;
using Mnemo.Cli;

var root = new RootCommand("Mnemo: study how transformers address their context (\"Your Context Is Not an Array\"): tasks, formats with anchors, positional schemes, training and evaluation per length.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
return root.Parse(args).Invoke();
