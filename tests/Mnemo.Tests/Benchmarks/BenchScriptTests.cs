using System.Text.RegularExpressions;
using Mnemo.Benchmarks;

namespace Mnemo.Tests.Benchmarks;

/// <summary>The PyTorch yardstick (bench/pytorch_bench.py) trains the sizes <c>mnemo bench</c> trains: its SIZES
/// table, read as text, against <see cref="BenchSize"/>.</summary>
public partial class BenchScriptTests
{
    [GeneratedRegex("""^\s*"(?<name>\w+)": Size\((?<args>.*)\),\s*$""", RegexOptions.Multiline)]
    private static partial Regex SizeLine();

    [GeneratedRegex("""(?<key>\w+)=(?<value>\([^)]*\)|"[^"]*"|[\w.]+)""")]
    private static partial Regex Argument();

    [Fact]
    public void The_script_s_sizes_are_the_bench_s()
    {
        var script = File.ReadAllText(Repository.File("bench", "pytorch_bench.py"));
        var sizes = SizeLine().Matches(script).ToDictionary(m => m.Groups["name"].Value,
            m => Argument().Matches(m.Groups["args"].Value).ToDictionary(a => a.Groups["key"].Value, a => a.Groups["value"].Value.Trim('"')));
        Assert.Equal(BenchSize.Known.Select(s => s.Name), sizes.Keys);
        foreach (var size in BenchSize.Known)
        {
            var args = sizes[size.Name];
            string Get(string key, string fallback) => args.TryGetValue(key, out var v) ? v : fallback;
            Assert.Equal(
                (size.Layers, size.DModel, size.Heads, size.VocabSize, size.Scheme, size.ShortConv, size.LognBase),
                (int.Parse(args["layers"]), int.Parse(args["d"]), int.Parse(args["heads"]), int.Parse(Get("vocab", "256")),
                    Get("scheme", "learned"), int.Parse(Get("short_conv", "0")), int.Parse(Get("logn_base", "0"))));
            Assert.Equal(size.Batch?.ToString() ?? "None", Get("batch", "None"));
            Assert.Equal(size.Lengths is { } l ? $"({l.Min}, {l.Max})" : "None", Get("lengths", "None"));
            Assert.Equal(size.PositionRange?.ToString() ?? "None", Get("position_range", "None"));
            Assert.Equal(size.AttentionScaling == Mnemo.Models.AttentionScaling.Logn, size.LognBase > 0); // the script knows only logn
        }
    }
}
