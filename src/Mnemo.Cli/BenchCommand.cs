using System.CommandLine;
using System.Globalization;
using Mnemo.Benchmarks;
using Mnemo.Runtime;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary><c>mnemo bench</c>: training and decoding speed, FLOP utilization and memory on this machine.</summary>
public static class BenchCommand
{
    /// <param name="output">Where the JSON lines go (default: standard output); the table always goes to the console.</param>
    public static Command Create(TextWriter? output = null)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per size and line instead of the table" };
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated sizes: tiny, small, base, quickstart, paper (the models of experiments/quickstart.yaml and experiments/paper-parity.yaml as they train: d=128, 2 layers, short convolution, batch 32, their real sequence lengths, randomized rope); default tiny,small,base, or quickstart with --contention" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: what training takes: cores, or MNEMO_THREADS; docs/performance.md \"Contention\")" };
        var contention = new Option<int>("--contention") { Description = "Measure training alone and then beside this many busy processes (started and stopped by the benchmark), and report the fair-share ratio: throughput / (alone × C/(C+K)) on C cores" };
        var steps = new Option<int?>("--steps") { Description = $"Timed training steps per size, after the warm-up (default: {BenchSize.Tiny.TimedSteps}; {BenchSize.Quickstart.TimedSteps} for quickstart and paper, whose steps vary in length)" };
        var warmup = new Option<int?>("--warmup") { Description = $"Untimed training steps before the clock starts (default: {BenchSize.Tiny.WarmupSteps}; {BenchSize.Quickstart.WarmupSteps} for quickstart and paper)" };
        var memorySteps = new Option<int>("--memory-steps") { Description = "Train 'small' to this step and report the growth of its resident memory from step 50 to this one, each the median of the per-step peaks of the 25 steps up to it (0: skip)", DefaultValueFactory = _ => new BenchOptions().MemoryTo };
        var decodeLength = new Option<int>("--decode-length") { Description = "Tokens per decoded sequence", DefaultValueFactory = _ => new BenchOptions().DecodeLength };
        var malloc = new Option<string>("--malloc") { Description = "auto: what training uses (glibc's allocator with huge pages when mnemo started with them, else tuned); tuned: keep freed memory for reuse (glibc mallopt); default: glibc's defaults (see docs/performance.md)", DefaultValueFactory = _ => "auto" };
        malloc.AcceptOnlyFromAmong(MallocTuning.Choices);
        var command = new Command("bench", "Measure the matmul peak, then training and decoding speed, FLOP utilization and memory per model size; with --contention K, training alone and beside K busy processes")
            { json, sizes, threads, steps, warmup, memorySteps, decodeLength, malloc, contention };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            int busy = parse.GetValue(contention);
            if (busy < 0) throw new MnemoException($"--contention: must be at least 1 busy process, got {busy}");
            var chosen = (parse.GetValue(sizes) ?? (busy > 0 ? "quickstart" : "tiny,small,base"))
                .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(BenchSize.Parse).ToList();
            if (chosen.Count == 0) throw new MnemoException("--sizes: name at least one size");
            if (parse.GetValue(threads) < 0) throw new MnemoException($"--threads: must be at least 0, got {parse.GetValue(threads)}");
            var options = new BenchOptions
            {
                TimedSteps = parse.GetValue(steps), WarmupSteps = parse.GetValue(warmup),
                MemoryTo = parse.GetValue(memorySteps), DecodeLength = parse.GetValue(decodeLength),
            };
            options.Validate();
            bool asJson = parse.GetValue(json);
            string allocator = MallocTuning.Apply(parse.GetValue(malloc)!);
            if (busy > 0)
            {
                var contended = ContentionBench.Measure(chosen, options, busy, parse.GetValue(threads), message => Console.Error.WriteLine(message));
                if (asJson)
                    foreach (var result in contended) (output ?? Console.Out).WriteLine(result.ToJsonLine());
                else
                    PrintContention(contended);
                return 0;
            }
            TorchRuntime.SetThreads(parse.GetValue(threads) > 0 ? parse.GetValue(threads) : ThreadPolicy.Choose(0, 1).Threads);

            var results = Benchmark.Run(chosen, options, allocator, message => Console.Error.WriteLine(message));
            if (asJson)
                foreach (var result in results) (output ?? Console.Out).WriteLine(result.ToJsonLine());
            else
                Print(results, options);
            return 0;
        }, (BenchOptions.Inputs.Sizes, sizes), (BenchOptions.Inputs.TimedSteps, steps), (BenchOptions.Inputs.WarmupSteps, warmup),
            (BenchOptions.Inputs.MemoryTo, memorySteps), (BenchOptions.Inputs.DecodeLength, decodeLength), (MallocTuning.Input, malloc), (BenchOptions.Inputs.Contention, contention)));
        return command;
    }

    private static void Print(IReadOnlyList<BenchResult> results, BenchOptions options)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var first = results[0];
        AnsiConsole.WriteLine($"fp32 matmul peak: {F(first.PeakGflops, "0.0")} GFLOP/s on {first.Threads} thread(s), the best of {first.PeakMeasurements} measurements around the timed work "
                              + $"(lowest {F(first.PeakGflopsMin, "0.0")}); allocator: {first.Allocator}");
        var train = Table("training", "size", "params", "batch × tokens", "tokens/s", "per step min–max", "step ms", "GFLOP/s", "MFU");
        foreach (var r in results)
            train.AddRow(r.Size, r.Params.ToString("N0", CultureInfo.InvariantCulture), $"{r.Batch} × {r.Sequence}", F(r.TrainTokensPerS, "N0"),
                $"{F(r.TrainTokensPerSMin, "N0")}–{F(r.TrainTokensPerSMax, "N0")}",
                F(r.StepMs, "0.0"), F(r.Gflops, "0.0"), F(r.Mfu * 100, "0") + (r.MfuImpossible ? "% (impossible)" : "%"));
        AnsiConsole.Write(train);
        AnsiConsole.WriteLine("GFLOP/s count 6·N + 12·L·T·d FLOPs per token (docs/performance.md); MFU = GFLOP/s / matmul peak");
        if (results.Any(r => r.MfuImpossible))
            AnsiConsole.WriteLine("MFU above 100% is impossible: training cannot outrun the matmul peak; the machine was busier while the peak was measured than while training. Rerun on a quiet machine.");
        var phases = Table("one training step, ms (mean of the timed steps)", "size", "data", "forward", "backward", "clip+AdamW");
        foreach (var r in results)
            phases.AddRow(r.Size, F(r.DataMs, "0.0"), F(r.ForwardMs, "0.0"), F(r.BackwardMs, "0.0"), F(r.OptimizerMs, "0.0"));
        AnsiConsole.Write(phases);
        var decode = Table($"greedy decoding, batch {options.DecodeBatch}, {options.DecodeLength}-token sequences; memory",
            "size", "cache tok/s", "no cache tok/s", "speedup", "train peak RSS MiB", options.MemoryTo > 0 ? $"RSS growth {options.MemoryFrom}→{options.MemoryTo}" : "RSS growth");
        foreach (var r in results)
            decode.AddRow(r.Size, F(r.DecodeTokensPerSCache, "N0"), F(r.DecodeTokensPerSNocache, "N0"), F(r.DecodeSpeedup, "0.0") + "×",
                r.PeakRssMb is { } rss ? F(rss, "N0") : "-", r.RssGrowthPct is { } g ? F(g, "+0.00;-0.00") + "%" : "-");
        AnsiConsole.Write(decode);
    }

    private static void PrintContention(IReadOnlyList<ContentionResult> results)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var first = results[0];
        var table = Table($"training beside {first.Busy} busy process(es) on {first.Cores} core(s)",
            "size", "threads alone / beside", "tokens/s alone", "tokens/s beside", "fair share", "ratio");
        foreach (var r in results)
            table.AddRow(r.Size, $"{r.IdleThreads} / {r.BusyThreads}", F(r.IdleTokensPerS, "N0"), F(r.BusyTokensPerS, "N0"),
                F(r.FairShare, "N0"), F(r.FairShareRatio, "0.00"));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"fair share = tokens/s alone × C/(C+K) = × {first.Cores}/{first.Cores + first.Busy}; ratio = tokens/s beside / fair share (1: a fair split of the machine)");
        double before = results.Max(r => r.OtherLoadBefore);
        if (before >= 0.5)
            AnsiConsole.WriteLine($"note: {F(before, "0.#")} runnable threads of other processes before the first measurement: 'alone' was not on an idle machine, so the ratio is not the quiet-machine figure");
    }

    private static Table Table(string title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        table.AddColumn(columns[0]);
        foreach (var c in columns.Skip(1)) table.AddColumn(new TableColumn(c).RightAligned());
        return table;
    }
}
