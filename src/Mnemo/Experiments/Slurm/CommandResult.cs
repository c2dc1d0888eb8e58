namespace Mnemo.Experiments.Slurm;

/// <summary>What a finished external command printed, and its exit code.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>The first line of stderr, else of stdout: Slurm's tools say what went wrong in one line.</summary>
    public string FirstMessageLine =>
        (Error.Trim().Length > 0 ? Error : Output).Trim().Split('\n')[0].Trim();
}
