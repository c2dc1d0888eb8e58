using System.CommandLine;
using Mnemo.Evaluation;
using Mnemo.Runtime;
using Mnemo.Experiments;
using Mnemo.Training;

namespace Mnemo.Cli;

/// <summary><c>mnemo sweep FILE</c> (alias <c>mnemo run</c>): every trial of an experiment file, one run
/// folder each, then the accuracy table. On the output folder of an earlier, stopped sweep of the same
/// file it skips finished trials and continues the others.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Experiment file (YAML or JSON), e.g. experiments/quickstart.yaml or experiments/fig6-anchor-variants.yaml" };
        var output = new Option<string?>("--out") { Description = "Output folder: one run folder per trial, sweep.json and results.csv (default: runs/<experiment name>, plus -<scale> when the file has scales); run again on the same folder to continue a stopped sweep" };
        var scale = new Option<string?>("--scale") { Description = "Which of the file's scales to run: quick (minutes on a laptop CPU, the default) or paper (the paper's lengths and budgets; hours)" };
        var trial = new Option<int?>(TrialProtocol.TrialOption) { Description = "Run only trial N (0-based, in the order of sweep.json), e.g. one Slurm array task; the merged results.csv is then left to mnemo report" };
        var parallel = new Option<int?>("--parallel") { Description = "Trials trained at once, each in its own process on cores / N libtorch threads (default: the file's parallel, else chosen from the cores, the model size and memory: small models one trial per core, larger ones one at a time; docs/performance.md \"Choosing the layout\")" };
        var events = new Option<bool>(TrialProtocol.EventsOption) { Description = "With --trial: report progress as JSON lines (how a parallel sweep follows its trial processes)", Hidden = true };
        var status = new Option<bool>("--status") { Description = "Print how far the sweep in the output folder got (trials finished, running, stopped, pending) and exit" };
        var set = SharedOptions.Set();
        var force = SharedOptions.Force();
        var slurm = new SlurmCliOptions();
        var command = new Command("sweep", "Train and evaluate every trial of an experiment file (formats × schemes × further axes × seeds), write results.csv and print the accuracy-by-length table (mean and min–max over seeds); continues a stopped sweep in the same output folder")
        {
            file, output, scale, trial, parallel, status, set, force, events,
        };
        foreach (var option in slurm.All) command.Options.Add(option);
        command.Aliases.Add("run");
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var path = parse.GetValue(file)!;
            var overrides = parse.GetValue(set) ?? [];
            var config = ConfigFiles.LoadExperiment(path, overrides, parse.GetValue(scale));
            if (parse.GetValue(parallel) is { } jobs) config = config with { Parallel = jobs }; // checked with the file's settings
            var dir = parse.GetValue(output) ?? Path.Combine("runs", config.Scale is { } s ? $"{config.Name}-{s}" : config.Name);
            if (parse.GetValue(status))
            {
                if (!Directory.Exists(dir))
                {
                    int trials = config.Trials().Count;
                    Console.WriteLine($"{config.Name}: {trials} trials: {trials} {TrialState.Pending.Describe()} (not started: {dir} does not exist yet)");
                    return 0;
                }
                SweepStatusView.Print(SweepFolder.Open(dir));
                SlurmCliOptions.PrintJobStatus(dir);
                return 0;
            }
            var runner = new ExperimentRunner(config, dir)
            {
                Provenance = new SweepProvenance(CommandLine(parse), path, File.ReadAllText(path), overrides),
                Force = parse.GetValue(force),
            };
            // every task must find the same files wherever it runs: absolute paths, the scale fixed
            string[] sweepArgs = [Path.GetFullPath(path), "--out", Path.GetFullPath(dir), .. config.Scale is { } sc ? ["--scale", sc] : Array.Empty<string>(),
                .. overrides.SelectMany(o => new[] { "--set", o })];
            int? only = parse.GetValue(trial);
            int? child = parse.GetValue(events) ? only : null; // a parallel sweep's trial process: its standard output is the event stream
            if (child is null)
                foreach (var same in config.TrainedOnce()) Console.WriteLine(same.Describe());
            if (parse.GetValue(slurm.Slurm))
            {
                slurm.Run(parse, runner, dir, sweepArgs);
                return 0;
            }
            if (child is { } index)
            {
                CliErrors.WithCtrlC(runner.Provenance.Command, cancel => TrialProtocol.RunChild(runner, index, Console.Out, cancel));
                return 0;
            }
            // a stopped sweep continues from the same command: finished trials are skipped, partial ones resume
            var layout = only is null ? TrainingThreads.ChooseSweep(config) : null;
            var rows = CliErrors.WithCtrlC(runner.Provenance.Command, cancel => ConsoleDisplay.Show(display => layout is { Parallel: > 1 }
                ? new TrialProcesses(runner, [.. SelfCommand.Mnemo(), "sweep", .. sweepArgs], layout).Run(new ResumeNotes(display), cancel)
                : runner.Run(new ResumeNotes(display), cancel, only, layout)));
            ResultsView.Print(rows);
            if (only is null)
                foreach (var line in SweepFolder.Open(dir).TimingLines()) Console.WriteLine(line);
            Console.WriteLine(only is null ? $"results: {runner.ResultsPath} (one folder per trial beside it: model, metrics.jsonl, TensorBoard events, attribution maps)"
                : $"trial {only} done in {dir}; mnemo report {dir} merges every finished trial");
            if (only is null)
                Console.WriteLine($"report:  mnemo report {Quote(dir)}   writes {Path.Combine(dir, "report.html")} (accuracy plot and table, training curves, attribution maps); "
                                  + $"curves live: tensorboard --logdir {Quote(dir)}");
            return 0;
        }, [(InputName.Output, output), (InputName.Force, force), (ConfigFiles.Scale, scale), .. slurm.Flags]));
        return command;
    }

    private static string CommandLine(ParseResult parse) =>
        string.Join(' ', parse.Tokens.Select(t => t.Value).Prepend("mnemo").Select(Quote));

    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:@+".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";

    /// <summary>Forwards to the display, and says which trials were skipped or resumed.</summary>
    private sealed class ResumeNotes(IExperimentObserver display) : IExperimentObserver
    {
        public void TrialStarted(RunConfig trial) => display.TrialStarted(trial);
        public void Training(RunConfig trial, TrainingProgress progress) => display.Training(trial, progress);
        public void Evaluated(RunConfig trial, LengthResult result) => display.Evaluated(trial, result);
        public void TrialFinished(RunConfig trial, TrainingSummary summary) => display.TrialFinished(trial, summary);
        public void TrialsDone(int done, int total) => display.TrialsDone(done, total);
        public void TrialResumed(RunConfig trial, int step) => Console.WriteLine($"[{trial.RunName}] resuming from the checkpoint at step {step}");
        public void TrialSkipped(RunConfig trial)
        {
            Console.WriteLine($"[{trial.RunName}] finished earlier: reusing its results");
            display.TrialSkipped(trial);
        }
        public void Layout(ThreadLayout layout) => Console.WriteLine(layout.Describe());
    }
}
