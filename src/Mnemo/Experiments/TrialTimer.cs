using System.Diagnostics;

namespace Mnemo.Experiments;

/// <summary>The parts of <see cref="TrialTimings"/>.</summary>
public enum TrialPhase { Startup, Training, HeldOutChecks, Evaluation, Attribution, Saving }

/// <summary>Splits one trial's wall time into <see cref="TrialPhase"/>s: each <see cref="Lap"/> gives the time since
/// the previous one to a phase, so the parts are consecutive and never overlap; <see cref="Move"/> hands a
/// stretch measured inside a lap (held-out checks and checkpoints inside training) to its own phase.</summary>
public sealed class TrialTimer
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly double[] parts = new double[Enum.GetValues<TrialPhase>().Length];
    private readonly double before;
    private double lapStart;

    /// <param name="alreadySeconds">Time that passed before the timer was made and belongs to the first lap
    /// (a trial process's own start-up, <see cref="SinceProcessStart"/>).</param>
    public TrialTimer(double alreadySeconds = 0)
    {
        before = Math.Max(0, alreadySeconds);
        lapStart = -before;
    }

    /// <summary>A timer that counts from this process's start: for a process that runs one trial.</summary>
    public static TrialTimer SinceProcessStart()
    {
        using var self = Process.GetCurrentProcess();
        return new TrialTimer((DateTime.Now - self.StartTime).TotalSeconds);
    }

    private double Now => clock.Elapsed.TotalSeconds;

    /// <summary>Gives the time since the previous lap (or the start) to <paramref name="phase"/>.</summary>
    public void Lap(TrialPhase phase)
    {
        double now = Now;
        parts[(int)phase] += now - lapStart;
        lapStart = now;
    }

    /// <summary>Moves <paramref name="seconds"/> (measured inside what was given to <paramref name="from"/>) to
    /// <paramref name="to"/>; never more than <paramref name="from"/> holds, so no part goes below zero.</summary>
    public void Move(TrialPhase from, TrialPhase to, double seconds)
    {
        double moved = Math.Clamp(seconds, 0, parts[(int)from]);
        parts[(int)from] -= moved;
        parts[(int)to] += moved;
    }

    /// <summary>The parts so far and the total wall time since the start.</summary>
    public TrialTimings Timings() => new(
        parts[(int)TrialPhase.Startup], parts[(int)TrialPhase.Training], parts[(int)TrialPhase.HeldOutChecks],
        parts[(int)TrialPhase.Evaluation], parts[(int)TrialPhase.Attribution], parts[(int)TrialPhase.Saving], before + Now);
}
