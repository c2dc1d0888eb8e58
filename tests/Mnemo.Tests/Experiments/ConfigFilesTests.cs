using Mnemo.Data;
using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

public class ConfigFilesTests
{
    private const string Valid = """
        name: t
        task: parity
        formats: [scratchpad, anchors]
        format_options: {anchor_pool: 64}
        model: {layers: 2, d_model: 64, heads: 4}
        training: {min_length: 2, max_length: 8, steps: 100, positions: offset, position_range: 80}
        evaluation: {lengths: [4, 16]}
        """;

    [Fact]
    public void A_valid_file_loads_with_every_field()
    {
        var c = ConfigFiles.ParseExperiment(Valid, "t.yaml");
        Assert.Equal(["scratchpad", "anchors"], c.Formats);
        Assert.Equal(64, c.FormatOptions.AnchorPool);
        Assert.Equal(64, c.Model.DModel);
        Assert.Equal(PositionMode.Offset, c.Training.Positions);
        Assert.Equal([4, 16], c.Evaluation.Lengths!);
        Assert.Equal(2, c.Trials().Count);
    }

    [Fact]
    public void Overrides_replace_values_with_type_checks()
    {
        var c = ConfigFiles.ParseExperiment(Valid, "t.yaml", ["training.steps=7", "evaluation.lengths=[3,5]", "schemes=[rope,sinusoidal]"]);
        Assert.Equal(7, c.Training.Steps);
        Assert.Equal([3, 5], c.Evaluation.Lengths!);
        Assert.Equal(4, c.Trials().Count);
    }

    [Fact]
    public void Task_options_reach_every_trial_and_its_task()
    {
        var c = ConfigFiles.ParseExperiment(Valid, "t.yaml",
            ["task=addition", "formats=[plain,anchors]", "task_options.operand_digits=equal", "training.positions=sequential", "training.position_range=0"]);
        Assert.All(c.Trials(), t => Assert.Equal(Mnemo.Tasks.OperandDigits.Equal, t.TaskOptions.OperandDigits));
        var setup = new RunSetup(c.Trials()[0]);
        Assert.All(Enumerable.Range(0, 50).Select(i => setup.Task.Sample(new Random(i), 4)), x => Assert.All(x.Operands, o => Assert.Equal(4, o.Length)));
    }

    [Theory]
    [InlineData("model.heads=3", "model.d_model")]
    [InlineData("model.layers=0", "model.layers")]
    [InlineData("training.max_length=1", "training.max_length")]
    [InlineData("training.steps=-5", "training.steps")]
    [InlineData("training.learning_rate=7", "training.learning_rate")]
    [InlineData("training.stepz=5", "stepz")]
    [InlineData("training.steps=many", "training.steps: 'many' is not a whole number")]
    [InlineData("format_options.anchor_pool=10", "format_options.anchor_pool")]
    [InlineData("format_options.spacing=0", "format_options.spacing")]
    [InlineData("formats=[scratchpad,anchorz]", "anchorz")]
    [InlineData("task=sorting", "task")]
    [InlineData("model.scheme=xpos", "model.scheme")]
    [InlineData("evaluation.lengths=[]", "evaluation.lengths")]
    [InlineData("task_options.operand_digits=equal", "task_options.operand_digits: applies only to task addition")]
    [InlineData("task_options.operand_digits=both", "task_options.operand_digits: 'both' is not")]
    public void A_bad_value_is_rejected_naming_the_field(string change, string named)
    {
        var error = Assert.Throws<MnemoException>(() => ConfigFiles.ParseExperiment(Valid, "t.yaml", [change]));
        Assert.Matches(@" \((t\.yaml:\d+|--set .+)\)$", error.Message); // where the value came from
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just a string")]
    [InlineData("name: [unclosed")]
    public void Garbage_files_are_rejected(string text)
    {
        var error = Assert.Throws<MnemoException>(() => ConfigFiles.ParseExperiment(text, "bad.yaml"));
        Assert.StartsWith("bad.yaml: ", error.Message);
    }

    [Fact]
    public void Run_configs_round_trip_through_json()
    {
        var trial = ConfigFiles.ParseExperiment(Valid, "t.yaml").Trials()[1];
        var path = Path.Combine(Path.GetTempPath(), $"mnemo-{Guid.NewGuid():N}.json");
        try
        {
            ConfigFiles.SaveRun(trial, path);
            var back = ConfigFiles.LoadRun(path);
            Assert.Equal(trial.Format, back.Format);
            Assert.Equal(trial.Model, back.Model);
            Assert.Equal(trial.Training, back.Training);
            Assert.Equal(trial.Evaluation.Lengths, back.Evaluation.Lengths);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_training_section_of_config_json_holds_settings_only()
    {
        // a derived property (PhasesEnd, DrawnLengths) written to config.json would change every run's
        // config and its checkpoint identity; only keys a file can set belong there
        var training = new Mnemo.Training.TrainingConfig { CurriculumSteps = 10, CurriculumMinLength = 1, CurriculumMaxLength = 3, Steps = 20 };
        var json = System.Text.Json.JsonSerializer.SerializeToNode(training, ConfigFiles.Json)!.AsObject();
        Assert.Empty(json.Select(p => p.Key).Except(ConfigSchema.Settings(typeof(Mnemo.Training.TrainingConfig)).Keys));
        Assert.Equal(10, json["curriculum_steps"]!.GetValue<int>());
    }

    [Fact]
    public void The_quickstart_file_is_valid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../experiments/quickstart.yaml");
        var c = ConfigFiles.LoadExperiment(path);
        Assert.Equal(["scratchpad", "anchors"], c.Formats);
        Assert.True(c.Evaluation.Lengths!.Max() >= 3 * c.Training.MaxLength);
    }
}
