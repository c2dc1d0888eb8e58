namespace Mnemo.Experiments.Slurm;

/// <summary>Whether jobs can be submitted from here: sbatch on PATH and a controller that answers.</summary>
public static class SlurmAvailability
{
    /// <summary>Null when Slurm is usable, else why not, in one line.</summary>
    public static string? WhyUnavailable()
    {
        var timeout = TimeSpan.FromSeconds(30);
        try
        {
            if (ExternalCommand.Run("sbatch", ["--version"], timeout) is null) return "sbatch is not on PATH";
            var sinfo = ExternalCommand.Run("sinfo", ["--noheader", "--format=%T"], timeout);
            if (sinfo is null) return "sinfo is not on PATH";
            return sinfo.ExitCode == 0 ? null : $"the Slurm controller does not answer (sinfo: {sinfo.FirstMessageLine})";
        }
        catch (MnemoException timedOut)
        {
            return timedOut.Message;
        }
    }
}
