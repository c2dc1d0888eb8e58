namespace Mnemo.Experiments;

/// <summary>How a trial's state is said to the user, the same in <c>--status</c> and in the report.</summary>
public static class TrialStateText
{
    public static string Describe(this TrialState state) => state switch
    {
        TrialState.Finished => "finished",
        TrialState.Running => "running",
        TrialState.Trained => "trained (not yet evaluated)",
        TrialState.Unreadable => "results.csv unreadable: run the sweep again to re-evaluate",
        TrialState.Partial => "stopped (continues from its checkpoint)",
        _ => "pending",
    };
}
