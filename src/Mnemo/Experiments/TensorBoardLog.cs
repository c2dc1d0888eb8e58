using Mnemo.Training;
using TorchSharp;

namespace Mnemo.Experiments;

/// <summary>TensorBoard event files in a run folder (events.out.tfevents.*, written by TorchSharp's
/// <c>torch.utils.tensorboard.SummaryWriter</c>), so that <c>tensorboard --logdir runs</c> shows every
/// run under its folder name: the numbers of metrics.jsonl as scalars <c>train/loss</c>,
/// <c>train/learning_rate</c>, <c>train/tokens_per_second</c> and, at the held-out checks,
/// <c>held_out/exact_match</c> and <c>held_out/token_accuracy</c> (0..1). A resumed run starts a new event
/// file from the checkpoint's step. metrics.jsonl stays the record; this is a view of it.</summary>
public sealed class TensorBoardLog(string runPath)
{
    private readonly TorchSharp.Modules.SummaryWriter writer = torch.utils.tensorboard.SummaryWriter(runPath);

    public void Append(TrainingProgress p)
    {
        // TensorBoard's wall time is in seconds since 1970 (TorchSharp's default would be DateTime ticks); whole seconds here
        long wall = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        writer.add_scalar("train/loss", (float)p.Loss, p.Step, wall);
        writer.add_scalar("train/learning_rate", (float)p.LearningRate, p.Step, wall);
        writer.add_scalar("train/tokens_per_second", (float)p.TokensPerSecond, p.Step, wall);
        if (p.HeldOutExact is { } exact) writer.add_scalar("held_out/exact_match", (float)exact, p.Step, wall);
        if (p.HeldOutTokenAccuracy is { } tokens) writer.add_scalar("held_out/token_accuracy", (float)tokens, p.Step, wall);
    }
}
