using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Tasks;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>An experiment file: one task, the sweep axes (formats × schemes × seeds), and the settings
/// shared by every trial. See README "Experiment files" for the schema.</summary>
public sealed record ExperimentConfig
{
    public string Name { get; init; } = "experiment";
    /// <summary>What the experiment reproduces (e.g. "Figure 6: anchor variants"), as the report's heading.</summary>
    public string? Figure { get; init; }
    /// <summary>What to look for in the results, shown under the heading.</summary>
    public string? Description { get; init; }
    public string Task { get; init; } = "parity";
    public List<string> Formats { get; init; } = ["scratchpad"];
    /// <summary>Positional schemes to sweep (see <see cref="SchemeAxis"/>); empty: just <c>model.scheme</c>.</summary>
    public List<string> Schemes { get; init; } = [];
    public List<int> Seeds { get; init; } = [0];
    /// <summary>Further sweep axes: a run setting's dotted path → the values it takes
    /// (<c>format_options.spacing: [1, 2, 4]</c>); every combination is a trial.</summary>
    public Dictionary<string, List<string>> Sweep { get; init; } = [];
    public TaskOptions TaskOptions { get; init; } = new();
    public FormatOptions FormatOptions { get; init; } = new();
    public ModelConfig Model { get; init; } = new();
    public TrainingConfig Training { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    /// <summary>The Hugging Face checkpoint every trial fine-tunes; null: from scratch. The keys of earlier
    /// versions, model.pretrained and model.anchor_tokens, are read as pretrained.path and
    /// pretrained.anchor_tokens (<see cref="ConfigFiles"/>).</summary>
    public Pretrained.PretrainedConfig? Pretrained { get; init; }
    /// <summary>Attribution maps to draw for every trained model; null: none.</summary>
    public SweepAttribution? Attribution { get; init; }
    /// <summary>Trials trained at the same time by <c>mnemo sweep</c>, each in its own process on
    /// cores / parallel libtorch threads (README "Parallel trials"); null: chosen from the cores, the model
    /// size and memory (<see cref="TrainingThreads.ChooseSweep"/>).</summary>
    public int? Parallel { get; init; }
    /// <summary>The scale the file was loaded at (its <c>scales</c> entry), null when it has none.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string? Scale { get; init; }

    public IReadOnlyList<string> SchemesOrDefault => Schemes.Count > 0 ? Schemes : [Model.Scheme];

    /// <summary>Every trial of the sweep, in a fixed order.</summary>
    public IReadOnlyList<SweepAxis> Axes => Sweep.Select(a => new SweepAxis(a.Key, a.Value)).ToList();

    /// <summary>The trials the sweep trains, in a fixed order (schemes, formats, further axes, seeds; the last
    /// varies fastest): every combination but those that would train on the same data as an earlier one
    /// (<see cref="TrainedOnce"/>). <c>--trial N</c>, Slurm array indices and sweep.json number this list.</summary>
    public IReadOnlyList<RunConfig> Trials() => SameDataTrials.Split(AllTrials(), Attribution?.Lengths ?? []).Kept;

    /// <summary>The combinations <see cref="Trials"/> leaves out, each the same data as a trial it keeps.</summary>
    public IReadOnlyList<SameDataTrial> TrainedOnce() => SameDataTrials.Split(AllTrials(), Attribution?.Lengths ?? []).Dropped;

    /// <summary>Every combination of the sweep's axes, in the order of <see cref="Trials"/>, the same-data ones included.</summary>
    public IReadOnlyList<RunConfig> AllTrials() =>
        (from name in SchemesOrDefault
         let scheme = SchemeAxis.Parse(name)
         from format in Formats
         from point in Combinations(Axes)
         from seed in Seeds
         select point.Aggregate(new RunConfig
         {
             Task = Task, Format = format, Seed = seed, TaskOptions = TaskOptions, FormatOptions = FormatOptions,
             Model = Model with { Scheme = scheme.Scheme },
             Training = Training with { Positions = scheme.Positions ?? Training.Positions },
             Evaluation = Evaluation, Pretrained = Pretrained,
         }, (run, set) => set.Axis.Apply(run, set.Value) with { Axes = new(run.Axes) { [set.Axis.Column] = set.Value } })).ToList();

    private static IEnumerable<List<(SweepAxis Axis, string Value)>> Combinations(IReadOnlyList<SweepAxis> axes) =>
        axes.Aggregate(new[] { new List<(SweepAxis, string)>() }.AsEnumerable(),
            (points, axis) => points.SelectMany(p => axis.Values.Select(v => new List<(SweepAxis, string)>(p) { (axis, v) })));

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new MnemoException("name: must not be empty");
        if (Formats.Count == 0) throw new MnemoException("formats: give at least one format");
        if (Seeds.Count == 0) throw new MnemoException("seeds: give at least one seed");
        if (Parallel is < 1) throw new MnemoException($"parallel: must be at least 1, got {Parallel}");
        if (Pretrained is not null && Schemes.Any(s => s != Model.Scheme))
            throw new MnemoException("schemes: a pretrained checkpoint (pretrained.path) fixes its positional scheme; list no schemes (position modes go in training.positions)");
        if (Schemes.Count == 0) Models.Positions.PositionalSchemes.Parse(Model.Scheme);
        foreach (var scheme in Schemes) SchemeAxis.Parse(scheme);
        foreach (var axis in Axes)
        {
            if (axis.Values.Count == 0) throw new MnemoException($"sweep: {axis.Path}: give at least one value");
            if (axis.Values.FirstOrDefault(v => v.Contains(',') || v.Contains('"')) is { } bad)
                throw new MnemoException($"sweep: {axis.Path}: the value '{bad}' would break results.csv (no commas or quotes)");
            if (axis.Values.Distinct().Count() != axis.Values.Count) throw new MnemoException($"sweep: {axis.Path}: a value is listed twice");
            axis.Apply(new RunConfig(), axis.Values[0]); // is the path a setting at all
        }
        foreach (var axis in Axes)
        {
            if (Axes.Count(a => a.Column == axis.Column) > 1 || axis.Column is "format" or "scheme" or "task" or "length")
                throw new MnemoException($"sweep: {axis.Path}: another column of results.csv is already called '{axis.Column}'");
        }
        Attribution?.Validate();
        SweepDuplicates.Check(this);
        foreach (var trial in AllTrials()) // before any is rendered to find the same-data ones (Trials)
        {
            trial.Validate();
            foreach (var length in Attribution?.Lengths ?? []) MemoryEstimate.CheckAttribution(trial, length);
        }
    }
}
