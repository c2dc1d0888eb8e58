namespace Mnemo.Tests.Experiments.Slurm;

/// <summary>The tests that submit jobs share one cluster, started once.</summary>
[CollectionDefinition("Slurm")]
public sealed class SlurmCollection : ICollectionFixture<LocalSlurm>;
