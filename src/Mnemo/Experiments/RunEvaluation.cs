using System.Globalization;
using Mnemo.Evaluation;

namespace Mnemo.Experiments;

/// <summary><c>mnemo eval</c>: a trained run's accuracy per length, on lengths and an example count that may
/// differ from the run's own evaluation settings. The model is built exactly as it was trained (its
/// position table was sized from the run's own settings); the lengths and examples only choose what is
/// measured. The results go to a file of their own, RUN/eval/lengths-L1-L2-….examples-N.csv
/// (<see cref="DefaultPath"/>), never to RUN/results.csv, which belongs to the run's own evaluation (the
/// sweep's): an existing file is replaced only when the caller says so.</summary>
public static class RunEvaluation
{
    public const string Folder = "eval";

    /// <param name="lengths">Lengths to measure; null or empty: the run's evaluation.lengths.</param>
    /// <param name="examples">Examples per length; null: the run's evaluation.examples_per_length.</param>
    /// <param name="output">The CSV file to write; null: <see cref="DefaultPath"/>.</param>
    /// <param name="force">Replace <paramref name="output"/> if it exists (else that is refused before evaluating).</param>
    public static (List<ResultRow> Rows, string ResultsPath) Run(string runDir, IReadOnlyList<int>? lengths, int? examples,
        Action<LengthResult>? report = null, string? output = null, bool force = false)
    {
        var folder = RunFolder.Existing(runDir);
        var config = ConfigFiles.LoadRun(folder.Config);
        var evaluation = config.Evaluation;
        if (examples is { } n) evaluation = evaluation with { ExamplesPerLength = n };
        if (lengths is { Count: > 0 }) evaluation = evaluation with { Lengths = lengths.ToList() };
        if (lengths?.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new MnemoException(Inputs.Lengths, $"{twice.Key} is listed twice (it would be evaluated and written twice); list it once");
        // a refusal names the option it comes from: the lengths are checked first, as evaluation checks them;
        // a length beyond the run's anchor pool is left to CheckFixedLimits, which says that it cannot be raised
        Check(config with { Evaluation = config.Evaluation with { Lengths = evaluation.Lengths } }, Inputs.Lengths);
        Check(config with { Evaluation = evaluation }, Inputs.Examples);
        var setup = new RunSetup(config); // the run as it was trained: its anchor pool and position range are fixed
        CheckFixedLimits(setup, evaluation);
        var path = Path.GetFullPath(output ?? DefaultPath(folder, evaluation));
        if (!force && File.Exists(path))
            throw output is null
                ? new MnemoException(null, $"{path}: an earlier mnemo eval with the same lengths and examples wrote this file; pass {InputName.Force} to replace it, or {InputName.Output} FILE to write elsewhere")
                : new MnemoException(InputName.Output, $"{path} exists; pass {InputName.Force} to replace it, or choose another file");
        if (Directory.Exists(path)) throw new MnemoException(InputName.Output, $"{path} is a folder; give a file name (e.g. {Path.Combine(path, "results.csv")})");
        OutputFolder.Check(Path.GetDirectoryName(path)!); // nothing is created before the evaluation succeeds
        var rows = TrialRunner.Evaluate(setup, folder, evaluation, report, save: false);
        OutputFolder.Create(Path.GetDirectoryName(path)!);
        ResultRow.WriteCsv(path, rows);
        return (rows, path);
    }

    /// <summary>RUN/eval/lengths-6-12-24.examples-200.csv: the lengths and examples in the name, so that
    /// evaluations with other settings sit beside one another.</summary>
    public static string DefaultPath(RunFolder folder, EvaluationConfig evaluation)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var name = $"lengths-{string.Join('-', evaluation.LengthsOrDefault.Select(I))}.examples-{I(evaluation.ExamplesPerLength)}.csv";
        return Path.Combine(folder.Path, Folder, name);
    }

    /// <summary>The lengths and example count asked for, as errors name them.</summary>
    public static class Inputs
    {
        public static readonly InputName Lengths = new("lengths"), Examples = new("examples");
    }

    /// <summary>Refuses, before any length is evaluated, a length beyond what the trained run can take: more
    /// anchors than its pool (its vocabulary), more positions than its position table holds, or sequences longer
    /// than the range its positions are drawn from. All three were fixed when it was trained (raising them, as the
    /// configuration's own errors say, is no help here), so the message names the limit reached and the longest
    /// length within all three.</summary>
    private static void CheckFixedLimits(RunSetup setup, EvaluationConfig evaluation)
    {
        if (evaluation.ExamplesPerLength < 1) return; // refused by the configuration's check, which follows
        var pool = Formats.FormatOptions.Inputs.AnchorPool;
        bool AnchorsFit(int length)
        {
            try { setup.Format.CheckLength(length); return true; }
            catch (MnemoException e) when (e.Field == pool) { return false; }
        }
        int Longest(int length) => EvaluationSet.LongestSequence(setup.Source, evaluation, length);
        var table = setup.PositionTable;
        bool Fits(int length) => AnchorsFit(length) && Longest(length) is var longest
            && setup.FitsRange(longest, training: false) && Models.Positions.PositionCapacity.Fits(table, setup.Positions.Extent(longest));
        foreach (var length in evaluation.LengthsOrDefault)
        {
            if (length < 1 || Fits(length)) continue; // a length below 1 is refused by the configuration's check
            int fits = RunSetup.LongestFitting(length, Fits);
            bool anchors = AnchorsFit(length);
            int longest = anchors ? Longest(length) : 0; // examples beyond the pool cannot be drawn
            var limit = !anchors
                ? $"needs more anchors than the {setup.Config.FormatOptions.AnchorPool} in this run's pool ({pool}, fixed when it was trained)"
                : !setup.FitsRange(longest, training: false)
                    ? $"makes sequences of {longest} tokens, but this run draws its positions from training.position_range = {setup.Config.Training.PositionRange} (fixed when it was trained)"
                    : $"needs {setup.Positions.Extent(longest)} positions, but this run's {setup.Config.Model.Scheme} table holds {table} (model.max_positions, fixed when it was trained)";
            throw new MnemoException(Inputs.Lengths, $"length {length} {limit}; the longest length that fits is {fits}");
        }
    }

    /// <summary>The run's configuration with the lengths or examples asked for, checked as training checks it, the
    /// error naming <paramref name="input"/>; except an error about the anchor pool, left to <see cref="CheckFixedLimits"/>
    /// (it comes last in <see cref="RunConfig.Validate"/>, so everything else was checked by then).</summary>
    private static void Check(RunConfig config, InputName input)
    {
        try { config.Validate(); }
        catch (MnemoException e) when (e.Field == Formats.FormatOptions.Inputs.AnchorPool) { }
        catch (MnemoException e)
        {
            // "--lengths: evaluation.lengths: …" would name the one input twice
            var own = input == Inputs.Lengths ? "evaluation.lengths: " : "evaluation.examples_per_length: ";
            throw new MnemoException(input, $"{(e.Message.StartsWith(own, StringComparison.Ordinal) ? e.Message[own.Length..] : e.Message)}");
        }
    }
}
