using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>Loss and accuracies of a model on a teacher-forced batch. Greedy decoding reproduces a
/// target exactly iff the argmax at every supervised position equals the label (induction over
/// positions: while every earlier argmax was right the greedy prefix is the gold prefix; forced tokens
/// are the gold ones by construction), so exact match needs one forward pass, not a decoding loop.</summary>
public static class TeacherForcedScore
{
    public static Tensor Loss(Tensor logits, Tensor labels) =>
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), labels.reshape(-1), ignore_index: Batch.Ignore);

    /// <summary>(exact-match fraction over examples, accuracy over supervised tokens).</summary>
    public static (double Exact, double TokenAccuracy) Accuracy(Tensor logits, Tensor labels)
    {
        var supervised = labels.ne(Batch.Ignore);
        var correct = logits.argmax(-1).eq(labels).logical_or(supervised.logical_not());  // (B, T)
        double exact = correct.all(1).to(float32).mean().item<float>();
        double tokens = correct.logical_and(supervised).sum().item<long>() / (double)Math.Max(1, supervised.sum().item<long>());
        return (exact, tokens);
    }
}
