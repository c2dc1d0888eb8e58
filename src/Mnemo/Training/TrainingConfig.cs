using System.Text.Json.Serialization;
using Mnemo.Data;

namespace Mnemo.Training;

/// <summary>How a model is trained. Lengths are uniform in [MinLength, MaxLength] for every example.</summary>
/// <param name="StopAfterPerfectChecks">Stop early once this many consecutive held-out checks reach 100% exact match (0: never).</param>
/// <param name="Threads">libtorch intra-op threads for this run (0: every core the process is given, or a resumed checkpoint's count; see Experiments.TrainingThreads).</param>
public sealed record TrainingConfig
{
    public int MinLength { get; init; } = 1;
    public int MaxLength { get; init; } = 12;
    public int Steps { get; init; } = 3000;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double MinLearningRateRatio { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 0.1;
    public int WarmupSteps { get; init; } = 100;
    public double GradClip { get; init; } = 1.0;
    public int EvalEvery { get; init; } = 100;
    public int EvalExamples { get; init; } = 256;
    public int StopAfterPerfectChecks { get; init; } = 3;
    public PositionMode Positions { get; init; } = PositionMode.Sequential;
    /// <summary>Positions drawn from 0..range−1 by <c>offset</c> and <c>randomized</c>; required with those modes
    /// (0 is refused there): a range that followed the evaluation lengths would change training whenever
    /// one evaluated further. It must hold the longest sequence trained, and, for randomized positions
    /// drawn at evaluation, the longest evaluated (a shorter one is refused, never silently replaced by 0..T−1).</summary>
    public int PositionRange { get; init; } = 0;
    /// <summary>How densely <c>randomized</c> training positions cover the range (<see cref="Training.PositionSpread"/>).
    /// Left out of config.json at its default, so earlier runs' configs and checkpoint identities stay as they were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public PositionSpread PositionSpread { get; init; } = PositionSpread.Fixed;
    public int LogEvery { get; init; } = 10;
    public int Threads { get; init; } = 0;
    /// <summary>A content-lookup task (only <c>copy</c>) written in the same format, trained for the first
    /// <see cref="PretrainSteps"/> steps: it builds the "find the anchor, read what follows" circuit
    /// before the main task needs it. Empty: none.</summary>
    public string PretrainTask { get; init; } = "";
    public int PretrainSteps { get; init; } = 0;
    /// <summary>Length curriculum, shortest problems first (Bengio et al. 2009, "Curriculum learning"): steps
    /// 1..<see cref="CurriculumSteps"/> draw lengths uniformly from [<see cref="CurriculumMinLength"/>,
    /// <see cref="CurriculumMaxLength"/>] (the copy warm-up's steps too), later steps from [MinLength, MaxLength].
    /// It stands in for what a pretrained model brings to a fine-tuning on long problems: a model from scratch
    /// finds the digit alignment of plain addition on short sums, not on 5–10-digit ones (docs/recipe-search.md).
    /// The learning-rate schedule spans all <see cref="Steps"/>. 0: none. The three are left out of
    /// config.json when 0, so earlier runs' configs and checkpoint identities stay as they were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CurriculumSteps { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CurriculumMinLength { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CurriculumMaxLength { get; init; }

    /// <summary>The lengths step <paramref name="step"/> (1-based) draws from: the curriculum's up to
    /// <see cref="CurriculumSteps"/>, then [MinLength, MaxLength].</summary>
    public (int Min, int Max) LengthsAt(int step) =>
        step <= CurriculumSteps ? (CurriculumMinLength, CurriculumMaxLength) : (MinLength, MaxLength);

    /// <summary>Every length some step draws: [MinLength, MaxLength] and the curriculum's, if any.</summary>
    [JsonIgnore] // derived, not a setting: config.json holds settings only
    public IEnumerable<int> DrawnLengths =>
        Enumerable.Range(MinLength, MaxLength - MinLength + 1)
            .Union(CurriculumSteps > 0 ? Enumerable.Range(CurriculumMinLength, CurriculumMaxLength - CurriculumMinLength + 1) : []);

    /// <summary>The last step of the phases before the main task at its own lengths (copy warm-up,
    /// length curriculum); held-out checks before it do not count towards an early stop.</summary>
    [JsonIgnore]
    public int PhasesEnd => Math.Max(PretrainSteps, CurriculumSteps);

    /// <summary>How to switch the copy warm-up off, as errors say it: the empty name must reach mnemo quoted.</summary>
    private const string NoWarmUp = "in a file pretrain_task: '' and pretrain_steps: 0; on the command line --set \"training.pretrain_task=''\" --set training.pretrain_steps=0";
    /// <summary>Write a resumable checkpoint (model, AdamW state, step, RNG state) every this many steps;
    /// 0: none during training, only the final model at the end.</summary>
    public int CheckpointEvery { get; init; } = 500;
    /// <summary>Fine-tuning a pretrained checkpoint: keep its token embedding rows (and a learned position
    /// table) fixed; embeddings of tokens added for the format still train. Left out of config.json when
    /// false, so from-scratch configs stay as they were.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FreezeEmbeddings { get; init; }


    public void Validate()
    {
        if (MinLength < 1) throw new MnemoException($"training.min_length: must be at least 1, got {MinLength}");
        if (MaxLength < MinLength) throw new MnemoException($"training.max_length: must be at least training.min_length = {MinLength}, got {MaxLength}");
        if (Steps < 1) throw new MnemoException($"training.steps: must be at least 1, got {Steps}");
        if (BatchSize < 1) throw new MnemoException($"training.batch_size: must be at least 1, got {BatchSize}");
        if (LearningRate is <= 0 or > 1) throw new MnemoException($"training.learning_rate: must be in (0, 1], got {LearningRate}");
        if (MinLearningRateRatio is < 0 or > 1) throw new MnemoException($"training.min_learning_rate_ratio: must be in [0, 1], got {MinLearningRateRatio}");
        if (WeightDecay < 0) throw new MnemoException($"training.weight_decay: must be at least 0, got {WeightDecay}");
        if (WarmupSteps < 0) throw new MnemoException($"training.warmup_steps: must be at least 0, got {WarmupSteps}");
        if (GradClip < 0) throw new MnemoException($"training.grad_clip: must be at least 0 (0: off), got {GradClip}");
        if (EvalEvery < 1) throw new MnemoException($"training.eval_every: must be at least 1, got {EvalEvery}");
        if (EvalExamples < 1) throw new MnemoException($"training.eval_examples: must be at least 1, got {EvalExamples}");
        if (StopAfterPerfectChecks < 0) throw new MnemoException($"training.stop_after_perfect_checks: must be at least 0, got {StopAfterPerfectChecks}");
        if (PositionRange < 0) throw new MnemoException($"training.position_range: must be at least 0 (0: unset, for sequential positions), got {PositionRange}");
        if (PositionSpread != PositionSpread.Fixed && Positions != PositionMode.Randomized)
            throw new MnemoException($"training.position_spread: {PositionSpread.ToString().ToLowerInvariant()} applies to randomized positions only, but training.positions is {Positions.ToString().ToLowerInvariant()}");
        if (LogEvery < 1) throw new MnemoException($"training.log_every: must be at least 1, got {LogEvery}");
        // the task first: a wrong name is the mistake to report, not the steps that go with it
        if (PretrainTask is not ("" or "copy"))
            throw new MnemoException($"training.pretrain_task: must be 'copy' or '' (no warm-up: {NoWarmUp}), got '{PretrainTask}'");
        if (PretrainSteps < 0) throw new MnemoException($"training.pretrain_steps: must be at least 0, got {PretrainSteps}");
        if (PretrainSteps >= Steps && PretrainSteps > 0) throw new MnemoException($"training.pretrain_steps: must be fewer than training.steps = {Steps}, got {PretrainSteps}");
        if (PretrainTask == "copy" && PretrainSteps == 0)
            throw new MnemoException($"training.pretrain_steps: pretrain_task 'copy' needs at least 1 step; to train without the copy warm-up: {NoWarmUp}");
        if (CurriculumSteps < 0) throw new MnemoException($"training.curriculum_steps: must be at least 0 (0: none), got {CurriculumSteps}");
        if (CurriculumSteps == 0 && CurriculumMinLength != 0)
            throw new MnemoException($"training.curriculum_min_length: applies only with training.curriculum_steps > 0, got {CurriculumMinLength}");
        if (CurriculumSteps == 0 && CurriculumMaxLength != 0)
            throw new MnemoException($"training.curriculum_max_length: applies only with training.curriculum_steps > 0, got {CurriculumMaxLength}");
        if (CurriculumSteps > 0)
        {
            if (CurriculumSteps >= Steps) throw new MnemoException($"training.curriculum_steps: must be fewer than training.steps = {Steps}, got {CurriculumSteps}");
            if (CurriculumMinLength < 1) throw new MnemoException($"training.curriculum_min_length: must be at least 1 with training.curriculum_steps, got {CurriculumMinLength}");
            if (CurriculumMaxLength < CurriculumMinLength) throw new MnemoException($"training.curriculum_max_length: must be at least training.curriculum_min_length = {CurriculumMinLength}, got {CurriculumMaxLength}");
            if (CurriculumMaxLength > MaxLength) throw new MnemoException($"training.curriculum_max_length: a curriculum starts shorter, so at most training.max_length = {MaxLength}, got {CurriculumMaxLength}");
        }
        if (Threads < 0) throw new MnemoException($"training.threads: must be at least 0, got {Threads}");
        if (CheckpointEvery < 0) throw new MnemoException($"training.checkpoint_every: must be at least 0 (0: only the final model), got {CheckpointEvery}");
    }
}
