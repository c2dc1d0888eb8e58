using Mnemo.Experiments;
using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Training;

namespace Mnemo.Tests.Training;

/// <summary>Run configs small enough for tests.</summary>
public static class TrainingHarness
{
    public static RunConfig TinyParity(string format, int steps, string scheme = "learned", int minLength = 4, int maxLength = 6) => new()
    {
        Task = "parity",
        Format = format,
        Seed = 0,
        FormatOptions = new FormatOptions { AnchorPool = 16 },
        Model = new ModelConfig { Layers = 2, DModel = 64, Heads = 4, MlpWidth = 128, Scheme = scheme },
        Training = new TrainingConfig
        {
            MinLength = minLength, MaxLength = maxLength, Steps = steps, BatchSize = 64, LearningRate = 3e-3,
            WarmupSteps = 30, EvalEvery = 25, EvalExamples = 128, StopAfterPerfectChecks = 2, Threads = 1,
        },
        Evaluation = new EvaluationConfig { Lengths = [minLength, maxLength], ExamplesPerLength = 64, BatchSize = 64 },
    };
}
