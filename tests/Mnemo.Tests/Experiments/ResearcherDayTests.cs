using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mnemo.Experiments;
using Xunit.Abstractions;

namespace Mnemo.Tests.Experiments;

/// <summary>A tiny sweep trained once by the built <c>mnemo</c> in a child process, with the sweep's
/// attribution maps at length 4: the folder a researcher then evaluates, attributes and reports on.</summary>
public sealed class ResearcherDayFixture : IDisposable
{
    public const string Yaml = """
        name: day
        task: parity
        formats: [scratchpad]
        schemes: [randomized-learned]
        seeds: [0]
        model: {layers: 1, d_model: 32, heads: 2, mlp_width: 64}
        training: {min_length: 2, max_length: 5, steps: 30, batch_size: 16, warmup_steps: 5, eval_every: 15, eval_examples: 32, stop_after_perfect_checks: 0, log_every: 5, threads: 1, checkpoint_every: 10, learning_rate: 0.003, position_range: 40, pretrain_task: copy, pretrain_steps: 10}
        evaluation: {lengths: [3, 6], examples_per_length: 16, batch_size: 16}
        attribution: {lengths: [4]}
        """;

    public string Root { get; } = Directory.CreateTempSubdirectory("mnemo-day").FullName;
    public string File => Path.Combine(Root, "day.yaml");
    public string Sweep => Path.Combine(Root, "day");
    public RunFolder Run => new(Path.Combine(Sweep, "scratchpad-randomized-learned-s0"));
    public string SweepOutput { get; }

    public ResearcherDayFixture()
    {
        System.IO.File.WriteAllText(File, Yaml);
        var (exit, stdout, stderr) = Mnemo("sweep", File, "--out", Sweep);
        Assert.True(exit == 0, stdout + stderr);
        SweepOutput = stdout;
    }

    /// <summary>Runs the built mnemo to its end: (exit code, stdout, stderr).</summary>
    public static (int Exit, string Out, string Err) Mnemo(params string[] args)
    {
        using var p = Process.Start(Start(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(180_000), $"mnemo {string.Join(' ', args)} did not finish within 180 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessStartInfo Start(params string[] args) => Reliability.ReliabilityKit.MnemoProcess(args);

    public void Dispose() => Directory.Delete(Root, true);
}

/// <summary>Issue 21, as a researcher meets it on the command line: nothing a command writes replaces what
/// another wrote, attribution maps per length reach the report, and the messages say what happens.</summary>
public sealed class ResearcherDayTests(ResearcherDayFixture day, ITestOutputHelper output) : IClassFixture<ResearcherDayFixture>
{
    private (int Exit, string Out, string Err) Mnemo(params string[] args)
    {
        var result = ResearcherDayFixture.Mnemo(args);
        output.WriteLine($"mnemo {string.Join(' ', args)} → {result.Exit}\n{result.Out}{result.Err}");
        return result;
    }

    [Fact]
    public void The_trial_records_where_its_wall_time_went_and_the_sweep_prints_it()
    {
        var t = TrialTimings.TryLoad(day.Run.Timings)!;
        Assert.NotNull(t);
        double[] parts = [t.Startup, t.Training, t.HeldOutChecks, t.Evaluation, t.Attribution, t.Saving];
        Assert.All(parts, p => Assert.True(p >= 0, $"a negative part: {t}"));
        // consecutive stretches of one clock: only the moments after the last one are in no part
        Assert.InRange(t.Total - t.Parts, 0, 0.05 * t.Total + 0.5);
        // the fixture's trial did each of these: 30 steps, 2 held-out checks, checkpoints, a map, 2 lengths evaluated
        Assert.All(new[] { t.Training, t.HeldOutChecks, t.Saving, t.Attribution, t.Evaluation }, p => Assert.True(p > 0, $"a part with no time: {t}"));
        Assert.Contains($"time [scratchpad-randomized-learned-s0] {t.Describe()}\n", day.SweepOutput);
        Assert.Contains("time, 1 trial added up: ", day.SweepOutput);
        Assert.Contains("layout: 1 trial in parallel (chosen: one trial) × 1 libtorch thread each (training.threads); ", day.SweepOutput);
    }

    [Fact]
    public void Eval_writes_a_file_of_its_own_refuses_to_replace_it_without_force_and_leaves_results_csv_alone()
    {
        var results = File.ReadAllBytes(day.Run.Results);
        var expected = Path.Combine(day.Run.Path, "eval", "lengths-3-7.examples-8.csv");

        var first = Mnemo("eval", "--run", day.Run.Path, "--lengths", "3,7", "--examples", "8");
        Assert.Equal(0, first.Exit);
        Assert.Contains($"results: {expected}", first.Out);
        Assert.Equal(results, File.ReadAllBytes(day.Run.Results)); // the sweep's evaluation (16 examples at 3 and 6) stays
        var rows = ResultRow.TryReadCsv(expected)!;
        Assert.Equal([3, 7], rows.Select(r => r.Length));
        Assert.All(rows, r => Assert.Equal(8, r.Examples));
        var written = File.ReadAllBytes(expected);

        var again = Mnemo("eval", "--run", day.Run.Path, "--lengths", "3,7", "--examples", "8");
        Assert.Equal(2, again.Exit);
        Assert.Equal($"error: {expected}: an earlier mnemo eval with the same lengths and examples wrote this file; pass --force to replace it, or --out FILE to write elsewhere",
            again.Err.Trim());
        Assert.Equal(written, File.ReadAllBytes(expected));

        var forced = Mnemo("eval", "--run", day.Run.Path, "--lengths", "3,7", "--examples", "8", "--force");
        Assert.Equal(0, forced.Exit);
        Assert.Equal(results, File.ReadAllBytes(day.Run.Results));

        var named = Path.Combine(day.Root, "mine.csv");
        Assert.Equal(0, Mnemo("eval", "--run", day.Run.Path, "--lengths", "3", "--out", named).Exit);
        Assert.Equal(16, Assert.Single(ResultRow.TryReadCsv(named)!).Examples); // the run's own examples_per_length
        var refused = Mnemo("eval", "--run", day.Run.Path, "--lengths", "3", "--out", named);
        Assert.Equal(2, refused.Exit);
        Assert.Contains($"--out: {named} exists; pass --force to replace it", refused.Err);
    }

    [Fact]
    public void Eval_refuses_a_length_beyond_the_runs_position_range_and_names_the_longest_that_fits()
    {
        var beyond = Mnemo("eval", "--run", day.Run.Path, "--lengths", "6,30", "--examples", "4");
        Assert.Equal(2, beyond.Exit);
        var said = Regex.Match(beyond.Err.Trim(), @"^error: --lengths: length 30 makes sequences of (\d+) tokens, but this run draws its positions from training\.position_range = 40 \(fixed when it was trained\); the longest length that fits is (\d+)$");
        Assert.True(said.Success, beyond.Err);
        Assert.True(int.Parse(said.Groups[1].Value) > 40);
        Assert.False(File.Exists(Path.Combine(day.Run.Path, "eval", "lengths-6-30.examples-4.csv")));
        // the length it names fits and the next one does not
        int fits = int.Parse(said.Groups[2].Value);
        var named = Path.Combine(day.Root, $"fits-{fits}.csv");
        Assert.Equal(0, Mnemo("eval", "--run", day.Run.Path, "--lengths", $"{fits}", "--examples", "4", "--out", named).Exit);
        Assert.Contains($"--lengths: length {fits + 1} makes sequences of", Mnemo("eval", "--run", day.Run.Path, "--lengths", $"{fits + 1}", "--examples", "4").Err);
    }

    [Fact]
    public void The_report_shows_n_per_length_row_and_the_full_scheme_label_and_every_map_folder()
    {
        var attribute = Mnemo("attribute", "--run", day.Run.Path, "--length", "7", "--seed", "2");
        Assert.Equal(0, attribute.Exit);
        var report = Mnemo("report", day.Sweep);
        Assert.Equal(0, report.Exit);
        var html = File.ReadAllText(Path.Combine(day.Sweep, "report.html"));
        Assert.Contains("<th>length</th><th>n</th>", html);
        Assert.Contains("<tr><th>6</th><td class=\"n\">16</td>", html);
        Assert.Contains("[95% Wilson interval of the proportion]", html);
        var svg = File.ReadAllText(Path.Combine(day.Sweep, "report-images", "day-accuracy.svg"));
        Assert.Contains("randomized-learned", svg); // the scheme in the title, in full
        Assert.Contains("95% Wilson interval (n = 16)", svg);
        // the sweep's own maps at length 4, and those mnemo attribute drew, each under its own heading
        Assert.Contains("<h4>Length 4 <small><code>attribution/length-4</code></small></h4>", html);
        Assert.Contains("<h4>Length 7 · seed-2 <small><code>attribution/length-7-seed-2</code></small></h4>", html);
    }

    [Fact]
    public void The_report_draws_loss_held_out_exact_match_and_learning_rate_by_step_with_the_warm_up_marked()
    {
        Assert.Equal(0, Mnemo("report", day.Sweep).Exit);
        var html = File.ReadAllText(Path.Combine(day.Sweep, "report.html"));
        Assert.Contains("<h3>Training curves</h3>", html);
        foreach (var chart in new[] { "loss", "held-out", "learning-rate" })
        {
            var png = Path.Combine(day.Sweep, "report-images", $"day-{chart}.png");
            Assert.Contains(global::Mnemo.Reports.Html.PngData(File.ReadAllBytes(png)), html);
            var svg = File.ReadAllText(Path.ChangeExtension(png, ".svg"));
            Assert.Contains("copy warm-up ends (step 10)", svg);
            Assert.Contains("scratchpad", svg); // the trial's line in the legend
        }
    }

    [Fact]
    public void Each_run_has_tensorboard_event_files_with_the_logged_numbers()
    {
        var events = Assert.Single(Directory.GetFiles(day.Run.Path, "events.out.tfevents.*"));
        var scalars = TensorBoardEvents.Scalars(events);
        var logged = JsonLines.ReadComplete(day.Run.Metrics);
        var loss = scalars.Where(s => s.Tag == "train/loss").Select(s => (s.Step, s.Value)).ToList();
        Assert.Equal(logged.Select(l => (l.GetProperty("step").GetInt32(), (float)l.GetProperty("loss").GetDouble())), loss);
        var rate = scalars.Where(s => s.Tag == "train/learning_rate").Select(s => (s.Step, s.Value)).ToList();
        Assert.Equal(logged.Select(l => (l.GetProperty("step").GetInt32(), (float)l.GetProperty("learning_rate").GetDouble())), rate);
        var checks = logged.Where(l => l.TryGetProperty("held_out_exact", out var v) && v.ValueKind == JsonValueKind.Number).ToList();
        Assert.NotEmpty(checks);
        Assert.Equal(checks.Select(l => (l.GetProperty("step").GetInt32(), (float)l.GetProperty("held_out_exact").GetDouble())),
            scalars.Where(s => s.Tag == "held_out/exact_match").Select(s => (s.Step, s.Value)));
    }

    [Fact]
    public void Predict_prints_the_decoded_answer_checks_it_and_draws_its_map_on_request()
    {
        var inputs = Path.Combine(day.Root, "inputs.txt");
        File.WriteAllText(inputs, "# two problems\n0 1 1 0 1\n\n111\n");
        var predict = Mnemo("predict", "--run", day.Run.Path, "1 0 1 1", "--file", inputs, "--attribution");
        Assert.Equal(0, predict.Exit);
        var blocks = predict.Out.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        // running parity, by hand: 1 0 1 1 → 1 1 0 1; 0 1 1 0 1 → 0 1 0 0 1; 1 1 1 → 1 0 1
        (string Input, string Expected)[] problems = [("1 0 1 1", "1 1 0 1"), ("0 1 1 0 1", "0 1 0 0 1"), ("1 1 1", "1 0 1")];
        int correct = 0;
        for (int k = 0; k < problems.Length; k++)
        {
            var lines = blocks[k].Split('\n').ToDictionary(l => l[..10].Trim(), l => l[10..]);
            Assert.Equal(problems[k].Input, lines["input"]);
            Assert.Equal($">>> {problems[k].Input} ===", lines["prompt"]);
            Assert.Equal(problems[k].Expected, lines["expected"]);
            // the scratchpad forces nothing, so no token is bracketed; the verdict agrees with the two lines
            Assert.DoesNotContain("[", lines["model"]);
            bool right = lines["model"] == problems[k].Expected + " <end>";
            Assert.Equal(right ? "correct" : "wrong", lines["verdict"].Split(' ', ':')[0]);
            correct += right ? 1 : 0;
            var maps = Path.Combine(day.Run.Path, "attribution", $"input-{problems[k].Input.Replace(" ", "")}");
            Assert.Equal(maps, lines["maps"]);
            Assert.True(File.Exists(Path.Combine(maps, "attribution.png")));
        }
        Assert.Contains($"{correct} of 3 correct\n", predict.Out); // nothing forced: no legend for [x]
        Assert.Equal(0, Mnemo("report", day.Sweep).Exit);
        Assert.Contains("<h4>Length 4 · input 1011 <small><code>attribution/input-1011</code></small></h4>", File.ReadAllText(Path.Combine(day.Sweep, "report.html")));

        var again = Mnemo("predict", "--run", day.Run.Path, "1011", "--attribution");
        Assert.Equal(2, again.Exit);
        Assert.Contains("input-1011: holds maps already; pass --force", again.Err);
        var bad = Mnemo("predict", "--run", day.Run.Path, "1 2 1");
        Assert.Equal(2, bad.Exit);
        Assert.Equal("error: predict: '1 2 1': '2' is not a parity symbol (expected 0, 1, separated by spaces)", bad.Err.Trim());
    }

    [Reports.ChromiumFact]
    public void Headless_chromium_decodes_every_image_of_the_report_curves_and_maps_included()
    {
        output.WriteLine(Reports.Chromium.Ensure());
        Assert.Equal(0, Mnemo("report", day.Sweep).Exit);
        var html = File.ReadAllText(Path.Combine(day.Sweep, "report.html"));
        // a copy of the page with a probe: at the load event (every image loaded or failed; a broken one has
        // naturalWidth 0) the body lists each image's alt text and width. Synchronous in the load handler, so
        // the DOM chromium dumps after load always has it (a decode() promise could settle after the dump
        // on a busy machine, and did)
        const string Probe = """
            <script>
            window.addEventListener('load', () => {
              document.body.setAttribute('data-images', [...document.images].map(i => i.alt + '=' + i.naturalWidth).join('|'));
            });
            </script>
            """;
        var page = Path.Combine(day.Sweep, "report-probe.html");
        File.WriteAllText(page, html.Replace("</body>", Probe + "</body>"));
        var (dom, log) = Reports.Chromium.Load(page, Path.Combine(day.Root, "screenshot.png"), 1200, 1600, settleMilliseconds: 5000);

        var images = System.Text.RegularExpressions.Regex.Match(dom, "data-images=\"([^\"]*)\"").Groups[1].Value.Split('|');
        output.WriteLine(string.Join('\n', images));
        Assert.Contains(images, i => i.StartsWith("accuracy by length", StringComparison.Ordinal));
        foreach (var chart in new[] { "day-loss", "day-held-out", "day-learning-rate" })
            Assert.Contains(images, i => i.StartsWith($"training curves: {chart}=", StringComparison.Ordinal));
        Assert.Contains(images, i => i.StartsWith("attribution map: scratchpad, length 4=", StringComparison.Ordinal));
        Assert.All(images, i => Assert.True(int.Parse(i[(i.LastIndexOf('=') + 1)..]) > 0, $"not decoded: {i}"));
        var problems = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("net::ERR_", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Attribute_writes_maps_and_focus_per_length_beside_the_sweeps_and_never_over_them()
    {
        var sweepMaps = Path.Combine(day.Run.Path, "attribution", "length-4");
        var before = Reliability.ReliabilityKit.Fingerprint(sweepMaps);
        Assert.True(File.Exists(Path.Combine(sweepMaps, "focus.json")));

        var eight = Mnemo("attribute", "--run", day.Run.Path, "--length", "8");
        Assert.Equal(0, eight.Exit);
        var maps = Path.Combine(day.Run.Path, "attribution", "length-8");
        Assert.Contains($"wrote     {Path.Combine(maps, "attribution.png")}", eight.Out);
        var focus = JsonDocument.Parse(File.ReadAllText(Path.Combine(maps, "focus.json"))).RootElement;
        Assert.True(focus.TryGetProperty("inside_count", out _), focus.ToString());
        Assert.Equal(before, Reliability.ReliabilityKit.Fingerprint(sweepMaps));

        // the sweep's length: its folder holds maps already, so the same options are refused
        var same = Mnemo("attribute", "--run", day.Run.Path, "--length", "4");
        Assert.Equal(2, same.Exit);
        Assert.Contains($"{sweepMaps}: holds maps already", same.Err);
        Assert.Equal(before, Reliability.ReliabilityKit.Fingerprint(sweepMaps));
        var teacherForced = Mnemo("attribute", "--run", day.Run.Path, "--length", "4", "--teacher-forced", "--method", "grad-norm");
        Assert.Equal(0, teacherForced.Exit);
        Assert.True(File.Exists(Path.Combine(day.Run.Path, "attribution", "length-4-teacher-forced-grad-norm", "attribution.png")));
        Assert.Equal(before, Reliability.ReliabilityKit.Fingerprint(sweepMaps));
    }

    [Fact]
    public void A_finished_sweep_run_again_with_new_attribution_lengths_draws_the_missing_maps_without_retraining_and_keeps_every_invocation()
    {
        var model = File.ReadAllBytes(day.Run.Model);
        var training = File.ReadAllBytes(day.Run.Training);
        var metrics = File.ReadAllBytes(day.Run.Metrics);
        var modelTime = File.GetLastWriteTimeUtc(day.Run.Model);

        var again = Mnemo("sweep", day.File, "--out", day.Sweep, "--set", "attribution.lengths=[4,5]");
        Assert.Equal(0, again.Exit);

        Assert.True(File.Exists(Path.Combine(day.Run.Path, "attribution", "length-5", "attribution.png")));
        Assert.True(File.Exists(Path.Combine(day.Run.Path, "attribution", "length-5", "focus.json")));
        Assert.Equal(model, File.ReadAllBytes(day.Run.Model));
        Assert.Equal(modelTime, File.GetLastWriteTimeUtc(day.Run.Model));
        Assert.Equal(training, File.ReadAllBytes(day.Run.Training));
        Assert.Equal(metrics, File.ReadAllBytes(day.Run.Metrics));
        Assert.DoesNotContain("step ", again.Out); // no training step was logged

        var manifest = SweepManifest.Load(day.Sweep);
        Assert.True(manifest.Invocations.Count >= 2, string.Join("\n", manifest.Invocations));
        Assert.Equal($"mnemo sweep {day.File} --out {day.Sweep}", manifest.Invocations[0].Command);
        Assert.Equal([4], manifest.Invocations[0].AttributionLengths);
        Assert.Equal($"mnemo sweep {day.File} --out {day.Sweep} --set 'attribution.lengths=[4,5]'", manifest.Invocations[^1].Command);
        Assert.Equal([4, 5], manifest.Invocations[^1].AttributionLengths);
        Assert.Equal([4, 5], manifest.AttributionLengths);
        // the report lists every one of them, oldest first, with its start time
        var html = global::Mnemo.Reports.ReproduceHtml.Render(manifest);
        var listed = Regex.Matches(html, "<li><code>(.*?)</code> \\(started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)</li>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        Assert.Equal(manifest.Invocations.Select(i => i.Command), listed);
    }

    [Fact]
    public async Task Train_does_not_say_evaluating_and_ctrl_c_names_the_command_that_continues()
    {
        var sweepSays = day.SweepOutput;
        Assert.Contains("; evaluating", sweepSays); // a sweep does evaluate after training

        var run = Path.Combine(day.Root, "trained");
        var trained = Mnemo("train", "--config", day.File, "--out", run);
        Assert.Equal(0, trained.Exit);
        Assert.Contains("] trained: 30 steps", trained.Out);
        Assert.DoesNotContain("evaluating", trained.Out);

        // A process started as a background job of a non-interactive shell ignores SIGINT, and its children inherit
        // that (POSIX; seen with `(nohup bash -c 'dotnet test' &)`): the child below could not be stopped at all.
        var ignored = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:"))["SigIgn:".Length..].Trim();
        Assert.False((Convert.ToUInt64(ignored, 16) & (1UL << (2 - 1))) != 0,
            "this test process ignores SIGINT (started as a background job of a non-interactive shell?); run the tests in the foreground");

        var stopped = Path.Combine(day.Root, "stopped");
        using var child = Process.Start(ResearcherDayFixture.Start("train", "--config", day.File, "--out", stopped, "--set", "training.steps=100000"))!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        var metrics = Path.Combine(stopped, "metrics.jsonl");
        while (!(File.Exists(metrics) && new FileInfo(metrics).Length > 0) && !child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(20);
        Assert.False(child.HasExited, "training ended before it could be stopped");
        using (var interrupt = Process.Start("kill", ["-INT", child.Id.ToString()])) interrupt.WaitForExit();
        bool exited = child.WaitForExit(60_000);
        if (!exited) child.Kill(entireProcessTree: true); // so that its output can be read and shown: what was it doing?
        var (said, complained) = (await stdout, await stderr);
        Assert.True(exited, $"mnemo train did not exit within 60 s of SIGINT; it wrote:\n{said}\n{complained}");
        output.WriteLine(said + complained);
        Assert.Equal(130, child.ExitCode);
        Assert.Contains($"error: stopped; checkpoints are kept: continue with mnemo train --resume {stopped}", complained);
        Assert.True(File.Exists(Path.Combine(stopped, "checkpoint.safetensors")));
    }
}
