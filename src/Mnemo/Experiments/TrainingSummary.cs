namespace Mnemo.Experiments;

/// <summary>training.json: what training cost and where it ended.</summary>
public sealed record TrainingSummary(int Steps, double Seconds, long Tokens, bool ReachedPerfect, double FinalLoss,
    double HeldOutExact, long Parameters, double TokensPerSecond);
