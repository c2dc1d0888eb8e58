namespace Mnemo.Training;

/// <summary>Linear warmup from 0 to the peak, then cosine decay to <c>peak × minRatio</c> at the last step.</summary>
public sealed class LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double minRatio)
{
    /// <summary>Learning rate for 1-based step <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (step <= warmupSteps) return peak * step / Math.Max(1, warmupSteps);
        double progress = (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress)));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
