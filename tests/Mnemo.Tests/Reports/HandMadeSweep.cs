using System.Text.Json;
using Mnemo.Attribution;
using Mnemo.Experiments;
using SkiaSharp;

namespace Mnemo.Tests.Reports;

/// <summary>A sweep folder written by hand, without training: 2 formats × 2 seeds on parity, trained on
/// lengths 1–8, with results, training.json and an attribution image per trial as far as each got.
/// Accuracy at length 12: scratchpad 50 and 30 % (seeds 0, 1), anchors 80 and 95 % (mean 87.5).</summary>
public sealed class HandMadeSweep : IDisposable
{
    public const string Command = "mnemo sweep experiments/fig-test.yaml --scale quick --set training.steps=40";
    public const string Description = "Anchors stay near 100% beyond the trained range; the plain scratchpad <collapses> & drops.";
    public const string ExperimentText = "name: fig-test\n# lengths < 9 & \"quoted\"\nformats: [scratchpad, anchors]\n";
    public static readonly int[] Lengths = [2, 4, 8, 12, 16];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"mnemo-report-{Guid.NewGuid():N}");
    public string Dir { get; }
    public SweepManifest Manifest { get; }

    public HandMadeSweep(string name = "fig-test", string? figure = "Fig 3")
    {
        Dir = Path.Combine(Root, name);
        Directory.CreateDirectory(Dir);
        SweepTrial Trial(int i, string format, int seed) => new(i, $"{format}-rope-s{seed}", format, "rope", seed, []);
        Manifest = new SweepManifest
        {
            Name = name, Figure = figure, Description = Description, Task = "parity", Scale = "quick", Command = Command,
            ExperimentFile = "experiments/fig-test.yaml", ExperimentText = ExperimentText, Overrides = ["training.steps=40"],
            TrainMinLength = 1, TrainMaxLength = 8, Lengths = [.. Lengths], AttributionLengths = [12],
            Trials = [Trial(0, "scratchpad", 0), Trial(1, "scratchpad", 1), Trial(2, "anchors", 0), Trial(3, "anchors", 1)],
        };
        Manifest.Save(Dir);
    }

    public string RunPath(int trial) => Path.Combine(Dir, Manifest.Trials[trial].Run);

    public static double Accuracy(string format, int seed, int length) => (format, length) switch
    {
        (_, <= 8) => 1.0,
        ("anchors", _) => seed == 0 ? 0.80 : 0.95,
        _ => seed == 0 ? 0.50 : 0.30,
    };

    /// <summary>Writes everything a finished trial leaves: config, model, training.json, attribution, results.</summary>
    public HandMadeSweep Finish(params int[] trials)
    {
        foreach (int i in trials)
        {
            Train(i);
            var t = Manifest.Trials[i];
            var attribution = SweepAttribution.Folder(new RunFolder(RunPath(i)), 12);
            Directory.CreateDirectory(attribution);
            File.WriteAllBytes(Path.Combine(attribution, "attribution.png"), TinyPng(i));
            File.WriteAllBytes(Path.Combine(attribution, "attention-L0-H0.png"), TinyPng(10 + i));
            FocusScoreFile.Save(attribution, new FocusScore(0.9, 8, t.Format == "anchors" ? 0.75 : 0.25, 4));
            ResultRow.WriteCsv(Path.Combine(RunPath(i), "results.csv"), [.. Lengths.Select(l => new ResultRow(
                "parity", t.Format, t.Scheme, t.Seed, l, Accuracy(t.Format, t.Seed, l), 40, 0.99, double.NaN, 1, 8, 40, 2.5, 12_000))]);
        }
        return this;
    }

    /// <summary>A trial trained but not evaluated.</summary>
    public HandMadeSweep Train(params int[] trials)
    {
        foreach (int i in trials)
        {
            Start(i);
            File.WriteAllBytes(Path.Combine(RunPath(i), "model.safetensors"), [0]);
            File.WriteAllText(Path.Combine(RunPath(i), "training.json"),
                JsonSerializer.Serialize(new TrainingSummary(40, 2.5, 12_000, false, 0.3, 0.97, 5000, 4800), ConfigFiles.Json));
        }
        return this;
    }

    /// <summary>A trial stopped partway through training (a config, nothing else).</summary>
    public HandMadeSweep Start(params int[] trials)
    {
        foreach (int i in trials)
        {
            Directory.CreateDirectory(RunPath(i));
            File.WriteAllText(Path.Combine(RunPath(i), "config.json"), "{}");
        }
        return this;
    }

    /// <summary>A small PNG, different for each <paramref name="shade"/>.</summary>
    public static byte[] TinyPng(int shade)
    {
        using var bitmap = new SKBitmap(24, 16);
        for (int x = 0; x < 24; x++)
            for (int y = 0; y < 16; y++) bitmap.SetPixel(x, y, new SKColor((byte)(10 * x), (byte)(15 * y), (byte)(20 * shade)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
