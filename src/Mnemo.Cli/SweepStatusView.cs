using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary>Prints how far a sweep got: a count per state that occurs and one line per trial that is not finished.</summary>
public static class SweepStatusView
{
    public static void Print(SweepFolder sweep)
    {
        var states = sweep.Manifest.Trials.Select(t => (Trial: t, State: sweep.State(t))).ToList();
        var counts = string.Join(", ", Enum.GetValues<TrialState>().Reverse().Where(s => states.Any(x => x.State == s))
            .Select(s => $"{states.Count(x => x.State == s)} {s.Describe()}"));
        Console.WriteLine($"{sweep.Manifest.Name}: {states.Count} trials: {counts}");
        foreach (var (trial, state) in states.Where(x => x.State != TrialState.Finished))
            Console.WriteLine($"  trial {trial.Index,3}  {trial.Run}  {state.Describe()}");
    }
}
