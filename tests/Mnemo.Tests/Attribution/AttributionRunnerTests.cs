using Mnemo.Attribution;
using Mnemo.Checkpoints;
using Mnemo.Experiments;
using Mnemo.Tests.Training;

namespace Mnemo.Tests.Attribution;

/// <summary>The whole command on an untrained model saved as a run folder (attribution does not care
/// whether the model is any good; training would only cost time).</summary>
public sealed class AttributionRunnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mnemo-attribute-{Guid.NewGuid():N}");

    /// <summary>A run folder whose position table covers length 10 (trained ≤ 6).</summary>
    private string SaveRun(string format)
    {
        var config = TrainingHarness.TinyParity(format, steps: 1);
        config = config with { Evaluation = config.Evaluation with { Lengths = [4, 6, 10] } };
        var folder = new RunFolder(Path.Combine(_root, format));
        Directory.CreateDirectory(folder.Path);
        ConfigFiles.SaveRun(config, folder.Config);
        var setup = new RunSetup(config);
        setup.Vocabulary.Save(folder.Vocabulary);
        using var model = setup.CreateModel();
        ModelCheckpoint.Save(model, folder.Model);
        return folder.Path;
    }

    [Fact]
    public void Writes_the_images_and_the_csv_and_scores_every_model_token()
    {
        var run = SaveRun("anchors");
        var outDir = Path.Combine(_root, "out");
        var report = RunAttribution.Run(new AttributionRequest(run, 10, OutDir: outDir, TeacherForced: true));

        string[] expected = ["attribution.png", "attribution.csv", .. Enumerable.Range(0, 2).SelectMany(l => Enumerable.Range(0, 4).Select(h => $"attention-L{l}-H{h}.png")), "focus.json"];
        Assert.Equal(expected.Select(f => Path.Combine(outDir, f)), report.Files);
        Assert.All(report.Files, f => Assert.True(new FileInfo(f).Length > 0, f));
        // >>> (M b)×10 === : 22 prompt tokens; target (M p)×10: 20 outputs
        Assert.Equal((42, 20), (report.Map.Rows, report.Map.Columns));
        Assert.Equal(43, File.ReadAllLines(Path.Combine(outDir, "attribution.csv")).Length);
        // anchors and parities of steps 1..6 are inside the trained length, those of steps 7..10 beyond
        var focus = Assert.IsType<FocusScore>(report.Focus);
        Assert.Equal((12, 8), (focus.InsideCount, focus.OutsideCount));
        Assert.InRange(focus.All, 0, 1);
    }

    [Fact]
    public void Greedy_decoding_with_another_format_the_vocabulary_covers()
    {
        var run = SaveRun("anchors");
        var report = RunAttribution.Run(new AttributionRequest(run, 5, Format: "scratchpad", OutDir: Path.Combine(_root, "greedy"), Method: GradientNorm.MethodName));
        Assert.Equal("scratchpad", report.Format);
        Assert.NotNull(report.Example.Decoded);
        Assert.Equal(7, report.Example.PromptLength);
    }

    [Fact]
    public void A_length_beyond_the_position_table_is_a_one_line_error()
    {
        var run = SaveRun("scratchpad");
        var error = Assert.Throws<MnemoException>(() => RunAttribution.Run(new AttributionRequest(run, 40, OutDir: Path.Combine(_root, "long"))));
        Assert.StartsWith("length: length 40 needs", error.Message);
        Assert.Equal(AttributionRequest.Inputs.Length, error.Field);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_format_whose_tokens_the_run_lacks_is_refused()
    {
        var run = SaveRun("scratchpad");
        var error = Assert.Throws<MnemoException>(() => RunAttribution.Run(new AttributionRequest(run, 5, Format: "anchors")));
        Assert.StartsWith("format: anchors writes 'M0'", error.Message);
        Assert.Equal(AttributionRequest.Inputs.Format, error.Field);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
