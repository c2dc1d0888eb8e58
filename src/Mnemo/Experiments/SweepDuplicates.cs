namespace Mnemo.Experiments;

/// <summary>Refuses a sweep that would train the same trial twice: a value listed twice on an axis
/// (<c>seeds: [0, 0]</c>, a repeated format, scheme or attribution length), or two names for one trial
/// (<c>randomized</c> and <c>randomized-learned</c>). Each copy would write every row of results.csv twice,
/// and parallel copies would fight over one run folder.</summary>
public static class SweepDuplicates
{
    public static void Check(ExperimentConfig experiment)
    {
        Once("seeds", experiment.Seeds);
        Once("formats", experiment.Formats);
        Once("schemes", experiment.Schemes);
        if (experiment.Attribution is { } attribution) Once("attribution.lengths", attribution.Lengths);
        Once("evaluation.lengths", experiment.Evaluation.LengthsOrDefault);
        var names = experiment.AllTrials().GroupBy(t => t.RunName).FirstOrDefault(g => g.Count() > 1);
        if (names is not null)
            throw new MnemoException($"schemes: two entries name the same trial ({names.Key}, e.g. randomized and randomized-learned); list each once");
    }

    private static void Once<T>(string field, IEnumerable<T> values)
    {
        var twice = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new MnemoException($"{field}: {twice.Key} is listed twice (it would be run and written twice); list it once");
    }
}
