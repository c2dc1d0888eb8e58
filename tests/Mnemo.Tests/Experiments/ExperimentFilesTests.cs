using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

/// <summary>Every committed experiment file loads at every scale it declares, and every trial passes the
/// checks a sweep makes before it trains (vocabulary, warm-up task, position capacity, attribution lengths);
/// files of pretrained checkpoints only load, since the checkpoint is not in the repository.</summary>
public class ExperimentFilesTests
{
    public static TheoryData<string, string?> FilesAndScales()
    {
        var data = new TheoryData<string, string?>();
        foreach (var file in Directory.GetFiles(Repository.File("experiments"), "*.yaml").Order())
        {
            foreach (var scale in DeclaredScales(file)) data.Add(Path.GetFileName(file), scale);
        }
        return data;
    }

    /// <summary>The names under the file's <c>scales:</c> (quick, paper, 20x, …), read as YAML; [null] when it has none.</summary>
    private static string?[] DeclaredScales(string file)
    {
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        return root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("scales"), out var scales)
            ? [.. ((YamlDotNet.RepresentationModel.YamlMappingNode)scales).Children.Keys.Select(k => k.ToString())]
            : [null];
    }

    [Theory]
    [MemberData(nameof(FilesAndScales))]
    public void Loads_and_every_trial_passes_preflight(string file, string? scale)
    {
        var config = ConfigFiles.LoadExperiment(Repository.File("experiments", file), scale: scale);
        Assert.Equal(scale, config.Scale);
        if (config.Pretrained is not null) return;
        foreach (var trial in config.Trials())
            TrialRunner.Preflight(new RunSetup(trial), config.Attribution?.Lengths);
    }

    [Fact]
    public void Every_figure_of_the_paper_has_a_file()
    {
        var names = Directory.GetFiles(Repository.File("experiments"), "*.yaml").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Superset(new HashSet<string?> { "quickstart", "fig3-4-parity-formats", "fig5-attribution", "fig6-anchor-variants", "fig7-addition", "anchor-spacing" }, names.ToHashSet());
    }

    [Fact]
    public void The_paper_scale_uses_the_papers_lengths()
    {
        var fig7 = ConfigFiles.LoadExperiment(Repository.File("experiments", "fig7-addition.yaml"), scale: "paper");
        Assert.Equal((5, 10, 14), (fig7.Training.MinLength, fig7.Training.MaxLength, fig7.Evaluation.LengthsOrDefault.Max()));
        Assert.Equal(["zero_pad", "forced"], fig7.Axes.Select(a => a.Column));
        var fig5 = ConfigFiles.LoadExperiment(Repository.File("experiments", "fig5-attribution.yaml"), scale: "paper");
        Assert.Equal((10, 20), (fig5.Training.MinLength, fig5.Training.MaxLength));
        Assert.Contains(40, fig5.Attribution!.Lengths);
    }

    [Theory]
    [InlineData("length-10x.yaml", 80)]
    [InlineData("paper-parity.yaml", 60)]
    public void Files_with_logn_scaling_leave_attention_plain_in_training(string file, int longestTested)
    {
        var config = ConfigFiles.LoadExperiment(Repository.File("experiments", file));
        Assert.Equal(longestTested, config.Evaluation.LengthsOrDefault.Max());
        // LogN-Scaling leaves attention plain up to logn_base keys: the longest anchored training sequence
        var anchors = new RunSetup(config.Trials().First(t => t.Format == "anchors"));
        Assert.Equal(anchors.LongestTrainingSequence, config.Model.LognBase);
    }
}
