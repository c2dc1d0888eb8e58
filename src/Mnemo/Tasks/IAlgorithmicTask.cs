namespace Mnemo.Tasks;

/// <summary>The task contract: sample an instance of a given length from a seeded generator.
/// What the answer looks like is the format's business; the task only knows the problem.</summary>
public interface IAlgorithmicTask
{
    string Name { get; }

    /// <summary>Smallest length the task can produce.</summary>
    int MinLength { get; }

    ProblemInstance Sample(Random rng, int length);
}
