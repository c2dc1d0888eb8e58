using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>Loss and accuracies of a model on a teacher-forced batch. Greedy decoding reproduces a
/// target exactly iff the argmax at every supervised position equals the label (induction over
/// positions: while every earlier argmax was right the greedy prefix is the gold prefix; forced tokens
/// are the gold ones by construction), so exact match needs one forward pass, not a decoding loop.</summary>
public static class TeacherForcedScore
{
    /// <summary>The model's logits on <paramref name="batch"/>: (N, V) for its real tokens when it is padded (the
    /// padding is skipped, see <see cref="Unpadding"/>), else (B, T, V).</summary>
    public static Tensor Logits(TransformerLM model, Batch batch) =>
        batch.Unpadding is { } u ? model.ForwardUnpadded(batch.Ids, batch.Positions, u) : model.Forward(batch.Ids, batch.Positions);

    /// <summary>Mean cross-entropy over the supervised tokens of <paramref name="batch"/>. A padded batch is
    /// unpadded and only its supervised tokens go through the last block's output projection and MLP and the
    /// head (<see cref="TransformerLM.ForwardUnpadded"/>): the same loss, less work.</summary>
    public static Tensor Loss(TransformerLM model, Batch batch)
    {
        if (batch.Unpadding is { } u)
            return nn.functional.cross_entropy(model.ForwardUnpadded(batch.Ids, batch.Positions, u, batch.Supervised), batch.SupervisedLabels!);
        var logits = model.Forward(batch.Ids, batch.Positions);
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), batch.Labels.reshape(-1), ignore_index: Batch.Ignore);
    }

    /// <summary>(exact-match fraction over examples, accuracy over supervised tokens); <paramref name="logits"/>
    /// as <see cref="Logits"/> returns them.</summary>
    public static (double Exact, double TokenAccuracy) Accuracy(Tensor logits, Batch batch)
    {
        var predicted = logits.argmax(-1);
        if (batch.Unpadding is { } u) predicted = u.Pad(predicted);                         // (B, T); padding is unsupervised
        var supervised = batch.Labels.ne(Batch.Ignore);
        var correct = predicted.eq(batch.Labels).logical_or(supervised.logical_not());    // (B, T)
        double exact = correct.all(1).to(float32).mean().item<float>();
        double tokens = correct.logical_and(supervised).sum().item<long>() / (double)Math.Max(1, supervised.sum().item<long>());
        return (exact, tokens);
    }
}
