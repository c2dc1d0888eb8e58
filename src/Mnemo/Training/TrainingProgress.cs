namespace Mnemo.Training;

/// <summary>One line of the training curve (metrics.jsonl), also sent to progress displays.</summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    double Loss,
    double LearningRate,
    double TokensPerSecond,
    double ElapsedSeconds,
    double? HeldOutExact = null,
    double? HeldOutTokenAccuracy = null);
