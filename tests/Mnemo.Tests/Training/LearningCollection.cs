using Mnemo.Runtime;

namespace Mnemo.Tests.Training;

/// <summary>Tests that train a model to a learning threshold run alone, on one libtorch thread: other
/// tests running beside them would draw from libtorch's shared generator and change the thread count,
/// and a learning curve depends on both.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LearningCollection
{
    public const string Name = "learning";

    public static void Prepare() => TorchRuntime.SetThreads(1);
}
