namespace Mnemo.Evaluation;

/// <summary>Accuracy of one model at one input length.</summary>
/// <param name="Accuracy">Exact match of the whole target, fraction 0..1.</param>
/// <param name="TokenAccuracy">Share of the model's own target tokens that were right, 0..1.</param>
/// <param name="MeanFirstError">Over failed examples, the mean index of the first wrong target token (NaN when none failed).</param>
public sealed record LengthResult(int Length, double Accuracy, int Examples, double TokenAccuracy, double MeanFirstError);
