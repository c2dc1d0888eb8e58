using System.Diagnostics;
using Mnemo.Experiments.Slurm;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>A Slurm cluster to submit to: the one that answers already, else a one-node cluster on
/// this machine brought up by .ci/slurm-up (installs slurm-wlm on first use; needs root). Failing
/// here fails the Slurm tests rather than skipping them: <see cref="SlurmFactAttribute"/> only lets
/// them run where a cluster should be reachable.</summary>
public sealed class LocalSlurm
{
    /// <summary>How the cluster was found or started, and at what cost (printed by the tests).</summary>
    public string Setup { get; }

    public LocalSlurm(IMessageSink diagnostics)
    {
        Setup = BringUp();
        diagnostics.OnMessage(new DiagnosticMessage(Setup));
    }

    private static string BringUp()
    {
        if (SlurmFactAttribute.SkipReason is { } skip) return $"{skip}: the Slurm tests skip";
        var clock = Stopwatch.StartNew();
        var why = SlurmAvailability.WhyUnavailable();
        if (why is null) return $"Slurm answers already (checked in {clock.Elapsed.TotalSeconds:0.0} s)";
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"Slurm is not usable ({why}), and only root can start the local cluster (.ci/slurm-up)");
        var script = Repository.File(".ci", "slurm-up");
        var result = ExternalCommand.Run(script, [], TimeSpan.FromMinutes(5))
            ?? throw new InvalidOperationException($"Slurm is not usable ({why}), and {script} is missing");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed after {clock.Elapsed.TotalSeconds:0} s:\n{result.Error}{result.Output}");
        return $"{why}: .ci/slurm-up brought the local cluster up in {clock.Elapsed.TotalSeconds:0.0} s";
    }
}
