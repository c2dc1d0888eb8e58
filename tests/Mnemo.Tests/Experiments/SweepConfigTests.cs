using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

public class SweepConfigTests
{
    private const string Sweep = """
        name: spacing
        task: parity
        formats: [anchors]
        seeds: [0, 1]
        format_options: {anchor_pool: 64}
        model: {layers: 1, d_model: 32, heads: 2}
        training: {min_length: 2, max_length: 8, steps: 100}
        evaluation: {lengths: [4, 16]}
        sweep:
          format_options.spacing: [1, 2, 4]
          format_options.forced: [false, true]
        scales:
          quick: {training.steps: 50}
          paper: {training.steps: 5000, training.max_length: 20, evaluation.lengths: [10, 40], seeds: [0, 1, 2]}
        """;

    [Fact]
    public void Every_combination_of_the_axes_is_a_trial_with_its_values_applied_and_named()
    {
        var trials = ConfigFiles.ParseExperiment(Sweep, "s.yaml").Trials();
        Assert.Equal(3 * 2 * 2, trials.Count);
        // seeds vary fastest, then the last axis
        Assert.Equal(["anchors-learned-spacing1-forcedfalse-s0", "anchors-learned-spacing1-forcedfalse-s1", "anchors-learned-spacing1-forcedtrue-s0"],
            trials.Take(3).Select(t => t.RunName));
        var t = trials.Single(x => x.RunName == "anchors-learned-spacing4-forcedtrue-s1");
        Assert.Equal(4, t.FormatOptions.Spacing);
        Assert.True(t.FormatOptions.Forced);
        Assert.Equal(64, t.FormatOptions.AnchorPool); // the rest of the section is kept
        Assert.Equal(new Dictionary<string, string> { ["spacing"] = "4", ["forced"] = "true" }, t.Axes);
        Assert.Equal(trials.Count, trials.Select(x => x.RunName).Distinct().Count());
    }

    [Fact]
    public void The_quick_scale_is_the_default_and_paper_is_chosen_by_name_with_overrides_applied_last()
    {
        Assert.Equal(50, ConfigFiles.ParseExperiment(Sweep, "s.yaml").Training.Steps);
        var paper = ConfigFiles.ParseExperiment(Sweep, "s.yaml", ["training.steps=7"], scale: "paper");
        Assert.Equal("paper", paper.Scale);
        Assert.Equal(7, paper.Training.Steps);
        Assert.Equal(20, paper.Training.MaxLength);
        Assert.Equal([10, 40], paper.Evaluation.Lengths!);
        Assert.Equal([0, 1, 2], paper.Seeds);
    }

    [Theory]
    [InlineData("sweep: {format_options.spacng: [1, 2]}", "format_options.spacng")]
    [InlineData("sweep: {format_options.spacing: [1, 0]}", "format_options.spacing")]
    [InlineData("sweep: {format_options.spacing: [1, 1]}", "listed twice")]
    [InlineData("sweep: {format_options.spacing: []}", "at least one value")]
    [InlineData("sweep: {model.layers: [1], training.layers: [2]}", "training.layers")]
    [InlineData("sweep: {model.scheme: [rope, alibi]}", "already called 'scheme'")]
    [InlineData("sweep: {training.steps: [ten]}", "training.steps")]
    [InlineData("sweep: {seed: [1, 2]}", "seeds have their own")]
    [InlineData("sweep: {format_options.forced: [true], training.forced: [true]}", "forced")]
    public void A_bad_axis_is_refused_naming_it(string line, string named)
    {
        var text = Sweep.Replace("sweep:\n  format_options.spacing: [1, 2, 4]\n  format_options.forced: [false, true]", line);
        Assert.Contains(line, text);
        var error = Assert.Throws<MnemoException>(() => ConfigFiles.ParseExperiment(text, "s.yaml"));
        Assert.Matches(@" \(s\.yaml:\d+\)$", error.Message); // the line of the sweep
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void An_unknown_scale_names_the_ones_the_file_has()
    {
        var error = Assert.Throws<MnemoException>(() => ConfigFiles.ParseExperiment(Sweep, "s.yaml", scale: "huge"));
        Assert.Equal("s.yaml: unknown scale 'huge' (this file has: quick, paper)", error.Message);
        var none = Assert.Throws<MnemoException>(() => ConfigFiles.ParseExperiment("name: x\nevaluation: {lengths: [4]}", "x.yaml", scale: "paper"));
        Assert.Equal("scale: paper: x.yaml defines no scales", none.Message);
        Assert.Equal(ConfigFiles.Scale, none.Field);
    }

    [Fact]
    public void Results_with_axis_columns_round_trip_through_csv()
    {
        var row = new ResultRow("parity", "anchors", "rope", 1, 16, 0.875, 200, 0.9, 3.5, 2, 8, 100, 12.5, 4000)
        { Axes = new Dictionary<string, string> { ["spacing"] = "2", ["forced"] = "true" } };
        var path = Path.Combine(Path.GetTempPath(), $"mnemo-{Guid.NewGuid():N}.csv");
        try
        {
            ResultRow.WriteCsv(path, [row, row with { Length = 4, Accuracy = 1 }]);
            Assert.StartsWith("task,format,scheme,seed,spacing,forced,length,accuracy,", File.ReadAllLines(path)[0]);
            Assert.Equal("parity,anchors,rope,1,2,true,16,0.875,200,0.9,3.5,2,8,100,12.5,4000", File.ReadAllLines(path)[1]);
            Assert.Equal([row, row with { Length = 4, Accuracy = 1 }], ResultRow.TryReadCsv(path)!);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_table_shows_mean_and_range_over_seeds_per_configuration()
    {
        ResultRow R(int seed, string spacing, double acc) =>
            new("parity", "anchors", "rope", seed, 16, acc, 10, acc, 0, 2, 8, 1, 1, 1) { Axes = new Dictionary<string, string> { ["spacing"] = spacing } };
        var table = new AccuracyTable([R(0, "1", 0.5), R(1, "1", 0.7), R(2, "1", 0.9), R(0, "2", 0.1), R(1, "2", 0.3), R(2, "2", 0.2)]);
        Assert.Equal(["anchors spacing=1", "anchors spacing=2"], table.Columns);
        Assert.Equal(3, table.Seeds);
        var cells = table.Cells.Single();
        Assert.Equal(0.7, cells[0]!.Mean, 12);
        Assert.Equal((0.5, 0.9, 3), (cells[0]!.Min, cells[0]!.Max, cells[0]!.Seeds));
        Assert.Equal(0.2, cells[1]!.Mean, 12);
        Assert.Equal((0.1, 0.3), (cells[1]!.Min, cells[1]!.Max));
    }
}
