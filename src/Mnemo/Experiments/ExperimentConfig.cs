using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>An experiment file: one task, the sweep axes (formats × schemes × seeds), and the settings
/// shared by every trial. See README "Experiment files" for the schema.</summary>
public sealed record ExperimentConfig
{
    public string Name { get; init; } = "experiment";
    public string Task { get; init; } = "parity";
    public List<string> Formats { get; init; } = ["scratchpad"];
    /// <summary>Positional schemes to sweep (see <see cref="SchemeAxis"/>); empty: just <c>model.scheme</c>.</summary>
    public List<string> Schemes { get; init; } = [];
    public List<int> Seeds { get; init; } = [0];
    public FormatOptions FormatOptions { get; init; } = new();
    public ModelConfig Model { get; init; } = new();
    public TrainingConfig Training { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    /// <summary>Trials trained at the same time as threads of this process (each on cores / parallel
    /// libtorch threads). Above 1 it risks TorchSharp's Scalar finalizer race: README "Parallel trials".</summary>
    public int Parallel { get; init; } = 1;

    public IReadOnlyList<string> SchemesOrDefault => Schemes.Count > 0 ? Schemes : [Model.Scheme];

    /// <summary>Every trial of the sweep, in a fixed order.</summary>
    public IReadOnlyList<RunConfig> Trials() =>
        (from name in SchemesOrDefault
         let scheme = SchemeAxis.Parse(name)
         from format in Formats
         from seed in Seeds
         select new RunConfig
         {
             Task = Task, Format = format, Seed = seed, FormatOptions = FormatOptions,
             Model = Model with { Scheme = scheme.Scheme },
             Training = Training with { Positions = scheme.Positions ?? Training.Positions },
             Evaluation = Evaluation,
         }).ToList();

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new MnemoException("name: must not be empty");
        if (Formats.Count == 0) throw new MnemoException("formats: give at least one format");
        if (Seeds.Count == 0) throw new MnemoException("seeds: give at least one seed");
        if (Parallel < 1) throw new MnemoException($"parallel: must be at least 1, got {Parallel}");
        if (Model.IsPretrained && Schemes.Any(s => s != Model.Scheme))
            throw new MnemoException("schemes: a pretrained checkpoint (model.pretrained) fixes its positional scheme; list no schemes (position modes go in training.positions)");
        if (Schemes.Count == 0) Models.Positions.PositionalSchemes.Validate(Model.Scheme);
        foreach (var scheme in Schemes) SchemeAxis.Parse(scheme);
        foreach (var trial in Trials()) trial.Validate();
    }
}
