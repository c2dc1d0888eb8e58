using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>A test that submits real jobs, to the cluster of <see cref="LocalSlurm"/>. Skipped, with
/// the reason, when this machine has no sbatch and cannot install Slurm; xunit 2 decides skips while
/// discovering tests, so this check must stay cheap: the cluster itself starts in the fixture.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>Why the Slurm tests skip here, or null when they run.</summary>
    public static string? SkipReason => WhyNot.Value;

    private static readonly Lazy<string?> WhyNot = new(() =>
    {
        if (ExternalCommand.Run("sbatch", ["--version"], TimeSpan.FromSeconds(30)) is not null) return null;
        if (!Environment.IsPrivilegedProcess)
            return "Slurm: sbatch is not on PATH, and only root can install a local cluster (.ci/slurm-up)";
        if (ExternalCommand.Run("apt-get", ["--version"], TimeSpan.FromSeconds(30)) is null)
            return "Slurm: sbatch is not on PATH, and there is no apt-get to install it (.ci/slurm-up)";
        return null;
    });

    public SlurmFactAttribute() => Skip = WhyNot.Value;
}
