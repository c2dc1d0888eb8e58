using Mnemo.Evaluation;

namespace Mnemo.Experiments;

/// <summary><c>mnemo eval</c>: a trained run's accuracy per length, on lengths and an example count that may
/// differ from the run's own evaluation settings. The model is built exactly as it was trained (its
/// position table was sized from the run's own settings); the lengths and examples only choose what is
/// measured. Writes RUN/results.csv.</summary>
public static class RunEvaluation
{
    /// <param name="lengths">Lengths to measure; null or empty: the run's evaluation.lengths.</param>
    /// <param name="examples">Examples per length; null: the run's evaluation.examples_per_length.</param>
    public static (List<ResultRow> Rows, string ResultsPath) Run(string runDir, IReadOnlyList<int>? lengths, int? examples,
        Action<LengthResult>? report = null)
    {
        var folder = RunFolder.Existing(runDir);
        var config = ConfigFiles.LoadRun(folder.Config);
        var evaluation = config.Evaluation;
        if (examples is { } n) evaluation = evaluation with { ExamplesPerLength = n };
        if (lengths is { Count: > 0 }) evaluation = evaluation with { Lengths = lengths.ToList() };
        // a refusal names the option it comes from: the lengths are checked first, as evaluation checks them
        Check(config with { Evaluation = config.Evaluation with { Lengths = evaluation.Lengths } }, "--lengths");
        Check(config with { Evaluation = evaluation }, "--examples");
        var rows = TrialRunner.Evaluate(new RunSetup(config), folder, evaluation, report);
        return (rows, folder.Results);
    }

    private static void Check(RunConfig config, string option)
    {
        try { config.Validate(); }
        catch (MnemoException e) { throw new MnemoException($"{option}: {e.Message}"); }
    }
}
