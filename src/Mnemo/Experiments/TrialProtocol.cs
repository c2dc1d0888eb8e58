using System.Globalization;

namespace Mnemo.Experiments;

/// <summary>How a sweep runs one of its trials in another process, defined once for both sides. The parent
/// (<see cref="TrialProcesses"/>, or the script of a Slurm array task) starts <c>mnemo sweep ARGS</c> with
/// <see cref="TrialOption"/> N; a parallel sweep adds <see cref="EventsOption"/>, under which the child
/// reports every observer call, and a failure, as <see cref="TrialEvent"/> JSON lines on standard output
/// (<see cref="RunChild"/>), so that nothing crosses the process boundary as text to be parsed.</summary>
public static class TrialProtocol
{
    /// <summary>Runs only trial N (0-based, in the order of sweep.json).</summary>
    public const string TrialOption = "--trial";

    /// <summary>With <see cref="TrialOption"/>: report as <see cref="TrialEvent"/> lines.</summary>
    public const string EventsOption = "--events";

    /// <summary>What a parallel sweep appends to the sweep's own arguments to run trial <paramref name="trial"/> in a child.</summary>
    public static IReadOnlyList<string> ChildArguments(int trial) =>
        [TrialOption, trial.ToString(CultureInfo.InvariantCulture), EventsOption];

    /// <summary>What the script of a Slurm array task appends (the shell expands the task's index).</summary>
    public const string ArrayTaskArguments = TrialOption + " \"$SLURM_ARRAY_TASK_ID\"";

    /// <summary>The child's side of <see cref="EventsOption"/>: runs trial <paramref name="trial"/>, writing every
    /// observer call and, when the trial fails on bad input or a file, the failure as events on
    /// <paramref name="output"/>; the failure is rethrown for the caller to report and exit on.</summary>
    public static List<ResultRow> RunChild(ExperimentRunner runner, int trial, TextWriter output, CancellationToken cancel)
    {
        var events = new TrialEventWriter(output);
        try { return runner.Run(events, cancel, trial); }
        catch (Exception e) when (e is MnemoException or IOException or UnauthorizedAccessException)
        {
            events.Failed(e.Message);
            throw;
        }
    }
}
