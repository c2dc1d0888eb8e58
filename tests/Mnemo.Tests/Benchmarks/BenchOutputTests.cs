using System.Text.Json;
using Mnemo.Benchmarks;

namespace Mnemo.Tests.Benchmarks;

public class BenchOutputTests
{
    private static readonly string[] Required =
    [
        "size", "params", "train_tokens_per_s", "step_ms", "gflops", "peak_gflops", "mfu",
        "decode_tokens_per_s_cache", "decode_tokens_per_s_nocache", "peak_rss_mb", "rss_growth_pct",
    ];

    [Fact]
    public void A_result_is_one_json_line_with_the_required_fields()
    {
        var result = new BenchResult("tiny", 1234, 2, 64, 4, 2, 64, 128, 20, 1000, 50, 1, 10, 20, 5, 999, 12.5, 100, 0.125,
            250, 3000, 500, 6, 321.5, null, null, null, "tuned");
        var line = result.ToJsonLine();
        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        foreach (var field in Required) Assert.True(json.RootElement.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal("tiny", json.RootElement.GetProperty("size").GetString());
        Assert.Equal(0.125, json.RootElement.GetProperty("mfu").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("rss_growth_pct").ValueKind);
    }

    [Fact]
    public void The_bench_command_runs_end_to_end_on_tiny_and_prints_one_json_line()
    {
        var output = new StringWriter();
        var command = Mnemo.Cli.BenchCommand.Create(output);
        int code = command.Parse(["--json", "--sizes", "tiny", "--steps", "1", "--warmup", "0", "--memory-steps", "0", "--decode-length", "4", "--malloc", "default"]).Invoke();
        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        foreach (var field in Required) Assert.True(json.RootElement.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(132_864, json.RootElement.GetProperty("params").GetInt64());
        Assert.InRange(json.RootElement.GetProperty("mfu").GetDouble(), 0.0, 1.5);
        Assert.True(json.RootElement.GetProperty("train_tokens_per_s").GetDouble() > 0);
    }

    [Fact]
    public void Redirected_to_a_file_the_tables_keep_their_width()
    {
        // Spectre assumes 80 columns without a terminal; this table is wider and used to wrap inside its cells
        var (exit, output, _) = Mnemo.Tests.Reliability.ReliabilityKit.Process(AppContext.BaseDirectory,
            "bench", "--sizes", "tiny", "--steps", "1", "--warmup", "0", "--memory-steps", "0", "--decode-length", "2");
        Assert.Equal(0, exit);
        Assert.Contains("\n│ size │  params │ batch × tokens │ tokens/s │ per step min–max │ step ms │ GFLOP/s │ MFU │\n", output);
        Assert.Contains("GFLOP/s count 6·N + 12·L·T·d FLOPs per token (docs/performance.md); MFU = GFLOP/s / matmul peak\n", output);
    }

    [Fact]
    public void Bad_options_are_one_error_line_and_exit_code_2()
    {
        var unknown = Mnemo.Tests.Reliability.ReliabilityKit.Cli("bench", "--sizes", "huge");
        Assert.Equal(2, unknown.Exit);
        Assert.Equal("error: --sizes: unknown size 'huge' (known: tiny, small, base, quickstart, paper)", unknown.Err.TrimEnd('\n'));
        var misspelt = Mnemo.Tests.Reliability.ReliabilityKit.Cli("bench", "--sizes", "tiny,quickstrat");
        Assert.Equal(2, misspelt.Exit);
        Assert.Equal("error: --sizes: unknown size 'quickstrat', did you mean 'quickstart'? (known: tiny, small, base, quickstart, paper)", misspelt.Err.TrimEnd('\n'));
        var steps = Mnemo.Tests.Reliability.ReliabilityKit.Cli("bench", "--steps", "0");
        Assert.Equal(2, steps.Exit);
        Assert.Equal("error: --steps: must be at least 1, got 0", steps.Err.TrimEnd('\n'));
        var contention = Mnemo.Tests.Reliability.ReliabilityKit.Cli("bench", "--contention", "-1");
        Assert.Equal(2, contention.Exit);
        Assert.Equal("error: --contention: must be at least 1 busy process, got -1", contention.Err.TrimEnd('\n'));
        Assert.Empty(unknown.Out + misspelt.Out + steps.Out + contention.Out);
    }
}
