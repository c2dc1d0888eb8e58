using Mnemo.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>The optimizer set-up and one step of teacher-forced training, shared by <see cref="Trainer"/>
/// and the training benchmark so that the benchmark measures exactly what training does. A step is split
/// into its phases (<see cref="Loss"/>, <see cref="Backward"/>, <see cref="Update"/>) so that a caller can
/// check the loss before anything is applied, or time each phase.</summary>
/// <param name="gradClip">Largest gradient norm (0: no clipping).</param>
/// <param name="frozenEmbeddingRows">Leading rows of the token embedding table kept fixed (see
/// <see cref="CreateOptimizer"/>); null: none.</param>
public sealed class TrainingStep(TransformerLM model, AdamW optimizer, double gradClip, int? frozenEmbeddingRows = null)
{
    /// <summary>AdamW, betas (0.9, 0.95), eps 1e-8, with two groups: decayed matrices, and undecayed biases
    /// and gains (they keep their scale). With <paramref name="frozenEmbeddings"/> the position parameters
    /// take no gradient at all and the token table does not decay (its frozen rows are kept by zeroing
    /// their gradient, which weight decay would undo). Returns the optimizer and the names of its
    /// parameters in the order of its state (what a training checkpoint stores them under).</summary>
    public static (AdamW Optimizer, List<string> Names) CreateOptimizer(TransformerLM model, double learningRate, double weightDecay, bool frozenEmbeddings)
    {
        var named = model.named_parameters().ToList();
        if (frozenEmbeddings)
        {
            foreach (var (_, p) in named.Where(p => model.KindOf(p.name) == ParameterKind.Positions)) p.requires_grad = false;
            named = named.Where(p => p.parameter.requires_grad).ToList();
        }
        bool Decays((string name, Parameter parameter) p) =>
            p.parameter.dim() >= 2 && !(frozenEmbeddings && model.KindOf(p.name) == ParameterKind.TokenEmbeddings);
        var decay = named.Where(Decays).ToList();
        var keep = named.Where(p => !Decays(p)).ToList();
        var optimizer = optim.AdamW(
        [
            new AdamW.ParamGroup(decay.Select(p => p.parameter).ToList(), learningRate, 0.9, 0.95, 1e-8, weightDecay, false, false),
            new AdamW.ParamGroup(keep.Select(p => p.parameter).ToList(), learningRate, 0.9, 0.95, 1e-8, 0.0, false, false),
        ], learningRate);
        return (optimizer, decay.Concat(keep).Select(p => p.name).ToList());
    }

    /// <summary>Sets the learning rate, clears the gradients and runs the forward pass: the batch's loss.</summary>
    public Tensor Loss(Batch batch, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.zero_grad();
        return TeacherForcedScore.Loss(model, batch);
    }

    /// <summary>Back-propagates <paramref name="loss"/>, keeps the frozen rows fixed and clips the gradient;
    /// returns the gradient norm before clipping, or null when there is no clipping.</summary>
    public double? Backward(Tensor loss)
    {
        loss.backward();
        FreezeRows();
        return gradClip > 0 ? nn.utils.clip_grad_norm_(model.parameters(), gradClip) : null;
    }

    /// <summary>Applies the gradients.</summary>
    public void Update() => optimizer.step();

    /// <summary>Zeroes the gradient of the frozen embedding rows; with no weight decay on the table (see
    /// <see cref="CreateOptimizer"/>) AdamW then leaves them exactly as they were.</summary>
    private void FreezeRows()
    {
        if (frozenEmbeddingRows is not { } rows) return;
        using var _ = no_grad();
        var grad = model.TokenEmbeddings.grad;
        if (grad is not null) grad[..rows].zero_();
    }
}
