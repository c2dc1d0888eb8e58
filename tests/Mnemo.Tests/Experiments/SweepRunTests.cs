using System.Text.Json;
using Mnemo.Experiments;
using Mnemo.Runtime;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Experiments;

[Collection(ReliabilityCollection.Name)]
public sealed class SweepRunTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-sweep").FullName;

    public void Dispose() => Directory.Delete(root, true);

    private string Yaml()
    {
        var path = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(path, ReliabilityKit.TinyYaml.Replace("seeds: [0]", "seeds: [0, 1]") + "\nsweep: {model.d_model: [16, 32]}\nparallel: 1\n"); // one at a time unless a test asks otherwise
        return path;
    }

    [Fact]
    public void One_trial_runs_alone_the_status_says_so_and_the_full_sweep_reuses_it()
    {
        var yaml = Yaml();
        var dir = Path.Combine(root, "out");
        var before = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--status");
        Assert.Equal((0, $"tiny: 4 trials: 4 pending (not started: {dir} does not exist yet)\n"), (before.Exit, before.Out));
        Assert.False(Directory.Exists(dir));
        var one = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--trial", "2");
        Assert.True(one.Exit == 0, one.Err);
        var manifest = SweepManifest.Load(dir);
        Assert.Equal(["scratchpad-learned-d_model16-s0", "scratchpad-learned-d_model16-s1", "scratchpad-learned-d_model32-s0", "scratchpad-learned-d_model32-s1"],
            manifest.Trials.Select(t => t.Run));
        Assert.Equal(["d_model"], manifest.Axes);
        Assert.Contains("--trial 2", manifest.Command);
        var sweep = SweepFolder.Open(dir);
        Assert.Equal([TrialState.Pending, TrialState.Pending, TrialState.Finished, TrialState.Pending], manifest.Trials.Select(sweep.State));
        Assert.False(File.Exists(Path.Combine(dir, "results.csv"))); // merging is left to whoever runs last: report or a full sweep
        Assert.Equal(32, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, manifest.Trials[2].Run, "config.json"))).RootElement.GetProperty("model").GetProperty("d_model").GetInt32());

        var status = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--status");
        Assert.Equal(0, status.Exit);
        Assert.Contains("tiny: 4 trials: 1 finished, 3 pending\n", status.Out);

        var all = ReliabilityKit.Cli("sweep", yaml, "--out", dir);
        Assert.True(all.Exit == 0, all.Err);
        Assert.Contains("[scratchpad-learned-d_model32-s0] finished earlier", all.Out);
        Assert.Contains("layout: 1 trial in parallel (as stated) × 1 libtorch thread each (training.threads); ", all.Out); // printed once, at the start
        Assert.True(all.Out.IndexOf("layout: ", StringComparison.Ordinal) < all.Out.IndexOf("finished earlier", StringComparison.Ordinal));
        var rows = ResultRow.TryReadCsv(Path.Combine(dir, "results.csv"))!;
        Assert.Equal(4 * 2, rows.Count);
        Assert.Equal(["16", "16", "16", "16", "32", "32", "32", "32"], rows.Select(r => r.Axes["d_model"]));
        Assert.Equal(rows, SweepFolder.Open(dir).Results());
    }

    [Fact]
    public void A_combination_with_the_same_data_as_a_trial_is_announced_and_left_out_of_the_numbering_and_the_report()
    {
        var yaml = Path.Combine(root, "forced.yaml");
        File.WriteAllText(yaml, ReliabilityKit.TinyYaml.Replace("formats: [scratchpad]", "formats: [scratchpad, anchors]") + "\nsweep: {format_options.forced: [false, true]}\n");
        var dir = Path.Combine(root, "forced");

        var one = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--trial", "1");

        Assert.True(one.Exit == 0, one.Err);
        const string line = "scratchpad-learned-forcedtrue-s0: the same data as scratchpad-learned-forcedfalse-s0 (format_options.forced has no effect on scratchpad); trained once";
        Assert.StartsWith(line + "\n", one.Out);
        var manifest = SweepManifest.Load(dir);
        Assert.Equal(["scratchpad-learned-forcedfalse-s0", "anchors-learned-forcedfalse-s0", "anchors-learned-forcedtrue-s0"], manifest.Trials.Select(t => t.Run));
        Assert.Equal(["scratchpad-learned-forcedtrue-s0"], manifest.TrainedOnce.Select(t => t.Run));
        // trial 1 of the file's combinations would be the forced scratchpad: --trial counts the trials trained
        var sweep = SweepFolder.Open(dir);
        Assert.Equal([TrialState.Pending, TrialState.Finished, TrialState.Pending], manifest.Trials.Select(sweep.State));
        Assert.False(Directory.Exists(Path.Combine(dir, "scratchpad-learned-forcedtrue-s0")));
        Assert.Equal("error: --trial 3: the sweep has 3 trials, numbered 0 to 2", ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--trial", "3").Err.Trim());

        var html = File.ReadAllText(Mnemo.Reports.ReportBuilder.Write(dir).Html);
        Assert.Contains($"<li><code>{line}</code></li>", html);
        Assert.All(ResultRow.TryReadCsv(Path.Combine(dir, "results.csv"))!, r => Assert.Equal(("anchors", "false"), (r.Format, r.Axes["forced"])));
    }

    [Fact]
    public void A_parallel_sweep_runs_each_trial_in_its_own_process_and_gives_the_sequential_results()
    {
        var yaml = Yaml();
        var sequential = Path.Combine(root, "seq");
        var parallel = Path.Combine(root, "par");
        Assert.Equal(0, ReliabilityKit.Cli("sweep", yaml, "--out", sequential).Exit);

        var r = ReliabilityKit.Cli("sweep", yaml, "--out", parallel, "--parallel", "2");

        Assert.True(r.Exit == 0, r.Err);
        // the children's progress, replayed by the parent
        Assert.Contains("[scratchpad-learned-d_model32-s1] length 6: exact match", r.Out);
        Assert.Contains("[sweep] 4/4 trials done", r.Out);
        Assert.Single(r.Out.Split('\n'), l => l.StartsWith("layout: 2 trials in parallel (as stated) × 1 libtorch thread each (training.threads); ", StringComparison.Ordinal));
        // training.threads is 1, so the processes reproduce the sequential run exactly (only wall time differs)
        static string Key(ResultRow x) => $"{x.Format} {x.Seed} {x.Axes["d_model"]} {x.Length} {x.Accuracy} {x.TokenAccuracy} {x.TrainTokens}";
        Assert.Equal(ResultRow.TryReadCsv(Path.Combine(sequential, "results.csv"))!.Select(Key),
            ResultRow.TryReadCsv(Path.Combine(parallel, "results.csv"))!.Select(Key));
        var again = ReliabilityKit.Cli("sweep", yaml, "--out", parallel, "--parallel", "2");
        Assert.Equal(4, again.Out.Split('\n').Count(l => l.Contains("finished earlier: reusing its results")));
        // nothing is trained or evaluated again, and the progress lines do not say so
        Assert.Equal(4, again.Out.Split('\n').Count(l => l.Contains("] trained earlier: 30 steps") && !l.Contains("evaluating")));
        Assert.DoesNotContain("] training (", again.Out);
    }

    /// <summary>Runs <c>mnemo sweep</c> with the options into a new folder and checks it stops with exactly
    /// <paramref name="error"/> and exit code 2, before anything is written; returns the folder.</summary>
    private string Refused(string folder, string error, params string[] options)
    {
        var dir = Path.Combine(root, folder);
        var r = ReliabilityKit.Cli(["sweep", Yaml(), "--out", dir, .. options]);
        Assert.Equal(2, r.Exit);
        Assert.Equal(error, r.Err.Trim());
        Assert.False(Directory.Exists(dir));
        return dir;
    }

    [Fact]
    public void Parallel_below_one_on_the_command_line_is_refused_like_the_file_setting() =>
        Refused("zero", "error: parallel: must be at least 1, got 0", "--parallel", "0");

    [Fact]
    public void A_failing_trial_process_stops_the_sweep_with_its_error_line()
    {
        var config = ConfigFiles.LoadExperiment(Yaml(), [], null);
        var runner = new ExperimentRunner(config, Path.Combine(root, "fail"));
        // a stand-in for mnemo: says it started, then fails as a trial child reports failures (TrialProtocol)
        string[] child = ["/bin/sh", "-c", """echo '{"event":"started"}'; echo '{"event":"failed","error":"boom at trial '"$2"'"}'; echo 'error: boom' >&2; exit 2""", "sh"];
        var started = new List<string>();

        var e = Assert.Throws<MnemoException>(() => new TrialProcesses(runner, child, ThreadPolicy.Choose(1, 1)).Run(new StartedTrials(started)));

        Assert.Equal("trial 0 (scratchpad-learned-d_model16-s0) failed: boom at trial 0", e.Message);
        Assert.Equal(["scratchpad-learned-d_model16-s0"], started); // no further trial after a failure
        Assert.False(File.Exists(runner.ResultsPath));
    }

    [Fact]
    public void A_trial_program_that_cannot_start_is_one_error_not_a_crash_of_the_sweep()
    {
        var runner = new ExperimentRunner(ConfigFiles.LoadExperiment(Yaml(), [], null), Path.Combine(root, "nostart"));
        string[] child = [Path.Combine(root, "no-such-program")];

        var e = Assert.Throws<MnemoException>(() => new TrialProcesses(runner, child, ThreadPolicy.Choose(1, 2)).Run());

        Assert.StartsWith($"cannot start a trial process ({child[0]}): ", e.Message);
        Assert.False(File.Exists(runner.ResultsPath));
    }

    [Fact]
    public void A_trial_process_that_crashes_is_reported_by_its_first_error_line_not_its_stack()
    {
        var runner = new ExperimentRunner(ConfigFiles.LoadExperiment(Yaml(), [], null), Path.Combine(root, "crash"));
        string[] child = ["/bin/sh", "-c", "printf 'Unhandled exception: System.ArgumentException: bad value\\n   at Somewhere()\\n' >&2; exit 134"];

        var e = Assert.Throws<MnemoException>(() => new TrialProcesses(runner, child, ThreadPolicy.Choose(1, 2)).Run());

        Assert.Matches(@"^trial [01] \(scratchpad-learned-d_model16-s[01]\) failed: Unhandled exception: System.ArgumentException: bad value$", e.Message);
    }

    [Fact]
    public void Trial_events_replay_every_observer_call_of_the_child()
    {
        var output = new StringWriter();
        var writer = new TrialEventWriter(output);
        var trial = ReliabilityKit.TinyRun(10);
        var progress = new Mnemo.Training.TrainingProgress(5, 10, 0.5, 1e-3, 1234.5, 2.5, 0.25);
        var result = new Mnemo.Evaluation.LengthResult(6, 0.75, 16, 0.9, 3.5);
        var perfect = new Mnemo.Evaluation.LengthResult(3, 1, 16, 1, double.NaN); // no first error to average
        var summary = new TrainingSummary(10, 2.5, 4096, false, 0.4, 0.5, 3648, 1638.4);
        writer.TrialResumed(trial, 4);
        writer.TrialStarted(trial);
        writer.Training(trial, progress);
        writer.TrialFinished(trial, summary);
        writer.Evaluated(trial, result);
        writer.Evaluated(trial, perfect);
        writer.TrialSkipped(trial);
        var seen = new Recorder();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(TrialEvent.Replay(l, trial, seen)));
        Assert.False(TrialEvent.Replay("trial 0 done in out", trial, seen));
        Assert.False(TrialEvent.Replay("{\"event\":\"training\"}", trial, seen)); // an event without its payload

        Assert.Equal(["resumed 4", "started", $"training {progress}", $"finished {summary}", $"evaluated {result}", $"evaluated {perfect}", "skipped"], seen.Calls);
    }

    private sealed class StartedTrials(List<string> started) : IExperimentObserver
    {
        public void TrialStarted(RunConfig trial) => started.Add(trial.RunName);
        public void Training(RunConfig trial, Mnemo.Training.TrainingProgress progress) { }
        public void Evaluated(RunConfig trial, Mnemo.Evaluation.LengthResult result) { }
        public void TrialFinished(RunConfig trial, TrainingSummary summary) { }
    }

    private sealed class Recorder : IExperimentObserver
    {
        public List<string> Calls { get; } = [];
        public void TrialStarted(RunConfig trial) => Calls.Add("started");
        public void Training(RunConfig trial, Mnemo.Training.TrainingProgress progress) => Calls.Add($"training {progress}");
        public void Evaluated(RunConfig trial, Mnemo.Evaluation.LengthResult result) => Calls.Add($"evaluated {result}");
        public void TrialFinished(RunConfig trial, TrainingSummary summary) => Calls.Add($"finished {summary}");
        public void TrialResumed(RunConfig trial, int step) => Calls.Add($"resumed {step}");
        public void TrialSkipped(RunConfig trial) => Calls.Add("skipped");
    }

    [Fact]
    public void A_trial_child_reports_its_failure_as_an_event_on_stdout()
    {
        var dir = Path.Combine(root, "child-fails");
        var (exit, output, error) = ReliabilityKit.Cli("sweep", Yaml(), "--out", dir, TrialProtocol.TrialOption, "4", TrialProtocol.EventsOption);

        Assert.Equal(2, exit);
        var failed = TrialEvent.Parse(output.Trim());
        Assert.Equal(new TrialEvent("failed", Error: "--trial 4: the sweep has 4 trials, numbered 0 to 3"), failed);
        Assert.Equal("error: --trial 4: the sweep has 4 trials, numbered 0 to 3", error.Trim()); // and as ever for a person on stderr
    }

    [Fact]
    public void A_trial_number_outside_the_sweep_is_refused_before_anything_is_written()
    {
        var dir = Refused("none", "error: --trial 4: the sweep has 4 trials, numbered 0 to 3", "--trial", "4");
        var status = ReliabilityKit.Cli("sweep", Yaml(), "--out", dir, "--status");
        Assert.Equal(0, status.Exit);
        Assert.Contains("4 pending (not started: ", status.Out);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Slurm_without_submit_writes_a_job_array_script_that_reruns_this_sweep_trial_by_trial()
    {
        var yaml = Yaml();
        var dir = Path.Combine(root, "array");
        var r = ReliabilityKit.Cli("sweep", yaml, "--out", dir, "--slurm", "--cpus", "2", "--time", "1:00:00", "--set", "training.steps=20");
        Assert.True(r.Exit == 0, r.Err);
        var script = File.ReadAllText(Path.Combine(dir, "slurm", "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script);
        Assert.Contains("#SBATCH --time=1:00:00\n", script);
        Assert.Contains($" sweep {yaml} --out {dir} --set training.steps=20 --trial \"$((SLURM_ARRAY_TASK_ID + ${{MNEMO_TRIAL_OFFSET:-0}}))\"\n", script);
        Assert.Contains($"submit it with: sbatch {Path.Combine(dir, "slurm", "sweep.sbatch")}", r.Out);
        Assert.Equal(4, SweepManifest.Load(dir).Trials.Count); // checked and described before handing over
        Assert.Equal(["slurm"], Directory.EnumerateDirectories(dir).Select(Path.GetFileName)); // nothing trained here
    }
}
