using Mnemo.Data;
using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Models.Positions;
using Mnemo.Pretrained;
using Mnemo.Tasks;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>Everything one trained model depends on; saved as config.json in its run folder.</summary>
public sealed record RunConfig
{
    public string Task { get; init; } = "parity";
    public string Format { get; init; } = "scratchpad";
    public int Seed { get; init; }
    public TaskOptions TaskOptions { get; init; } = new();
    public FormatOptions FormatOptions { get; init; } = new();
    public ModelConfig Model { get; init; } = new();
    public TrainingConfig Training { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    /// <summary>The Hugging Face checkpoint this run fine-tunes; null: trained from scratch. Before it had a
    /// section of its own it was written as model.pretrained and model.anchor_tokens; such config.json files
    /// are still read (<see cref="ConfigFiles.LoadRun"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PretrainedConfig? Pretrained { get; init; }
    /// <summary>The experiment's own sweep axes (beyond format, scheme and seed) with this run's values,
    /// e.g. <c>spacing: 2</c>: they name the run folder and become columns of results.csv.</summary>
    public Dictionary<string, string> Axes { get; init; } = [];

    /// <summary>Folder name inside an experiment's output folder.</summary>
    public string RunName => string.Join('-', [Format, SchemeLabel, .. Axes.Select(a => $"{a.Key}{Safe(a.Value)}"), $"s{Seed}"]);

    private static string Safe(string value) => new(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray());

    /// <summary>The scheme with its position mode (<c>rope</c>, <c>randomized-rope</c>), as results.csv reports it.</summary>
    public string SchemeLabel => SchemeAxis.Label(Model.Scheme, Training.Positions);

    /// <summary>Seed of the training data stream, kept apart from the model-initialization seed.</summary>
    public int DataSeed => unchecked(Seed * 1_000_003 + 17) & int.MaxValue;

    public void Validate()
    {
        FormatOptions.Validate();
        Model.Validate();
        Pretrained?.Validate();
        Training.Validate();
        Evaluation.Validate();
        FiniteNumbers.Check(this);
        MemoryEstimate.Check(this); // before the format builds its vocabulary
        if (Training.Positions != PositionMode.Sequential && !Model.SchemeKind.ReadsPositionValues)
            throw new MnemoException($"training.positions: {Training.Positions.ToString().ToLowerInvariant()} positions need a scheme that reads positions as values ({PositionalSchemes.ReadingPositionValues}), not {Model.Scheme}");
        if (Training.FreezeEmbeddings && Pretrained is null)
            throw new MnemoException("training.freeze_embeddings: applies only to a pretrained checkpoint (pretrained.path)");
        var task = TaskRegistry.Create(Task, TaskOptions);
        var format = FormatRegistry.Create(task, Format, FormatOptions);
        if (Training.MinLength < task.MinLength)
            throw new MnemoException($"training.min_length: {Task} needs at least {task.MinLength}, got {Training.MinLength}");
        if (Training.CurriculumSteps > 0 && Training.CurriculumMinLength < task.MinLength)
            throw new MnemoException($"training.curriculum_min_length: {Task} needs at least {task.MinLength}, got {Training.CurriculumMinLength}");
        format.CheckLength(Training.MaxLength);
        foreach (var length in Evaluation.LengthsOrDefault) format.CheckLength(length);
    }
}
