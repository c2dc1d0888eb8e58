namespace Mnemo.Evaluation;

/// <summary>Which lengths to test and on how many examples. The examples depend only on
/// <see cref="Seed"/> and the length, so every model of an experiment sees the same ones.</summary>
public sealed record EvaluationConfig
{
    public List<int>? Lengths { get; init; }
    public int ExamplesPerLength { get; init; } = 200;
    public int BatchSize { get; init; } = 100;
    public int Seed { get; init; } = 12345;
    /// <summary>With randomized training positions: evaluate on 0..T−1 instead of sampled positions.</summary>
    public bool SequentialPositions { get; init; }


    public IReadOnlyList<int> LengthsOrDefault => Lengths ?? [];

    public void Validate()
    {
        if (Lengths is null || Lengths.Count == 0) throw new MnemoException("evaluation.lengths: give at least one length");
        if (Lengths.Any(l => l < 1)) throw new MnemoException($"evaluation.lengths: every length must be at least 1, got {string.Join(", ", Lengths)}");
        if (ExamplesPerLength < 1) throw new MnemoException($"evaluation.examples_per_length: must be at least 1, got {ExamplesPerLength}");
        if (BatchSize < 1) throw new MnemoException($"evaluation.batch_size: must be at least 1, got {BatchSize}");
    }
}
