using System.Diagnostics;
using System.Globalization;
using Mnemo.Checkpoints;
using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Models.Positions;
using Mnemo.Tokens;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>What a finished training run did.</summary>
/// <param name="ResumedFrom">The checkpoint step this process continued from (0: trained from scratch).</param>
/// <param name="HeldOutSeconds">Wall time of this process's held-out checks, seconds (inside <paramref name="Seconds"/>).</param>
/// <param name="CheckpointSeconds">Wall time of this process's checkpoint writes, seconds (inside <paramref name="Seconds"/>).</param>
public sealed record TrainingOutcome(int Steps, double Seconds, long Tokens, bool ReachedPerfect, double FinalLoss, double HeldOutExact,
    int ResumedFrom = 0, double HeldOutSeconds = 0, double CheckpointSeconds = 0);

/// <summary>Trains a model on fresh samples every step: AdamW (no decay on biases and norms), linear
/// warmup + cosine decay, gradient clipping, loss on the model's own target tokens only. Every step runs
/// in its own dispose scope so native memory stays flat. Stops at the step budget or after
/// <see cref="TrainingConfig.StopAfterPerfectChecks"/> consecutive perfect held-out checks.
/// The examples of step s come from a generator seeded by (data seed, s), so the data stream is the same
/// whether a run goes straight through or resumes from a <see cref="Checkpoints"/> file; the loss is
/// checked every step before the update, so a NaN or Inf never reaches the parameters or a checkpoint.</summary>
/// <param name="pretrainSource">Examples of the first <see cref="TrainingConfig.PretrainSteps"/> steps, if any.</param>
public sealed class Trainer(TransformerLM model, ExampleSource source, TrainingConfig config, PositionSampler positions, int dataSeed,
    ExampleSource? pretrainSource = null)
{
    /// <summary>Resumable checkpoints: resumed from when the file exists, written every
    /// <see cref="Checkpointing.Every"/> steps and on cancellation. Null: none.</summary>
    public Checkpointing? Checkpoints { get; init; }

    /// <summary>Called once before the first step with the number of steps already done (0, or the
    /// resumed checkpoint's step), so that a metrics log can drop what came after that checkpoint.</summary>
    public Action<int>? Started { get; init; }

    /// <summary>Leading rows of the token embedding table kept fixed (a pretrained checkpoint's, with
    /// <see cref="TrainingConfig.FreezeEmbeddings"/>); a learned position table is then fixed too. Null: none.</summary>
    public int? FrozenEmbeddingRows { get; init; }

    public TrainingOutcome Train(Action<TrainingProgress>? report = null, CancellationToken cancel = default)
    {
        config.Validate();
        var heldOut = DrawExamples(new Random(unchecked(dataSeed * 31 + 7)), config.EvalExamples, source, (config.MinLength, config.MaxLength));
        var heldOutRng = new Random(unchecked(dataSeed * 31 + 8)); // one stream: each example its own positions
        var heldOutPositions = heldOut.Select(e => positions.Sample(e.Length, heldOutRng, training: false)).ToList();
        var schedule = new LearningRateSchedule(config.LearningRate, config.WarmupSteps, config.Steps, config.MinLearningRateRatio);
        var (optimizer, parameterNames) = TrainingStep.CreateOptimizer(model, config.LearningRate, config.WeightDecay, FrozenEmbeddingRows is not null);
        using var _ = optimizer;
        var training = new TrainingStep(model, optimizer, config.GradClip, FrozenEmbeddingRows);

        var state = TrainerState.Start(dataSeed);
        if (Checkpoints is { } resume && File.Exists(resume.Path))
        {
            state = TrainingCheckpoint.Load(resume.Path, model, optimizer, parameterNames, resume.Identity);
            if (state.DataSeed != dataSeed)
                throw new MnemoException($"{resume.Path}: written with data seed {state.DataSeed}, this run uses {dataSeed}; delete it to start over");
            if (state.Step >= config.Steps)
                throw new MnemoException($"{resume.Path}: checkpoint at step {state.Step} is at or past training.steps = {config.Steps}");
        }
        int resumedFrom = state.Step, lastCheckpoint = state.Step;
        Started?.Invoke(resumedFrom);
        model.train();

        var clock = Stopwatch.StartNew();
        var checking = new Stopwatch();  // held-out checks, inside clock
        var saving = new Stopwatch();    // checkpoint writes, inside clock
        long tokens = state.Tokens, windowTokens = 0;
        double windowStart = 0, loss = state.Loss, exact = state.HeldOutExact;
        int perfectChecks = state.PerfectChecks, step = state.Step;
        TrainerState Snapshot() => new(step, perfectChecks, tokens, state.Seconds + clock.Elapsed.TotalSeconds, loss, exact, dataSeed,
            TorchSharp.torch.get_num_threads());
        string Kept() => Checkpoints is { } c && lastCheckpoint > 0
            ? $"; the last good checkpoint (step {lastCheckpoint}) is kept in {c.Path}"
            : "";

        while (step < config.Steps)
        {
            if (cancel.IsCancellationRequested)
            {
                if (Checkpoints is { } c && step > lastCheckpoint) Save(c, optimizer, parameterNames, Snapshot(), ref lastCheckpoint, saving);
                throw new OperationCanceledException($"training cancelled after step {step}", cancel);
            }
            step++;
            using (NewDisposeScope())
            {
                var rng = new Random(StableSeed.Of(dataSeed, step));
                var examples = DrawExamples(rng, config.BatchSize, step <= config.PretrainSteps ? pretrainSource ?? source : source, config.LengthsAt(step));
                var ids = examples.Select(e => positions.Sample(e.Length, rng, training: true)).ToList();
                int last = ids.Max(p => p[^1]);
                PositionCapacity.Require(model.PositionCapacity, last + 1, capacity =>
                    $"model.max_positions: a training sequence needs position {last}, but the {model.Config.Scheme} table holds {capacity}; raise model.max_positions");
                using var batch = new Batch(examples, ids);
                double lr = schedule.At(step);
                var lossTensor = training.Loss(batch, lr);
                // one scalar read per step (CPU: the forward pass has already run): nothing non-finite is ever applied
                double stepLoss = lossTensor.item<float>();
                if (!double.IsFinite(stepLoss))
                    throw new MnemoException($"training: loss became {stepLoss.ToString(CultureInfo.InvariantCulture)} at step {step} (learning rate {lr.ToString("g3", CultureInfo.InvariantCulture)}); lower training.learning_rate{Kept()}");
                if (training.Backward(lossTensor) is { } norm && !double.IsFinite(norm))
                    throw new MnemoException($"training: gradient norm became {norm.ToString(CultureInfo.InvariantCulture)} at step {step} (learning rate {lr.ToString("g3", CultureInfo.InvariantCulture)}); lower training.learning_rate{Kept()}");
                training.Update();
                tokens += batch.Tokens;
                windowTokens += batch.Tokens;

                bool check = step % config.EvalEvery == 0 || step == config.Steps;
                if (step % config.LogEvery == 0 || check)
                {
                    loss = stepLoss;
                    double now = clock.Elapsed.TotalSeconds;
                    double rate = windowTokens / Math.Max(1e-9, now - windowStart);
                    (windowStart, windowTokens) = (now, 0);
                    double? heldExact = null, heldTokens = null;
                    if (check)
                    {
                        checking.Start();
                        (exact, var tokenAccuracy) = Score(heldOut, heldOutPositions);
                        checking.Stop();
                        (heldExact, heldTokens) = (exact, tokenAccuracy);
                        perfectChecks = exact >= 1.0 && step > config.PhasesEnd ? perfectChecks + 1 : 0;
                    }
                    report?.Invoke(new TrainingProgress(step, config.Steps, loss, lr, rate, state.Seconds + now, heldExact, heldTokens));
                    if (config.StopAfterPerfectChecks > 0 && perfectChecks >= config.StopAfterPerfectChecks) break;
                }
            }
            if (Checkpoints is { Every: > 0 } every && step % every.Every == 0 && step < config.Steps)
            {
                if (!ParametersFinite())
                    throw new MnemoException($"training: parameters became non-finite at step {step}; lower training.learning_rate{Kept()}");
                Save(every, optimizer, parameterNames, Snapshot(), ref lastCheckpoint, saving);
            }
        }
        model.eval();
        return new TrainingOutcome(step, state.Seconds + clock.Elapsed.TotalSeconds, tokens,
            config.StopAfterPerfectChecks > 0 && perfectChecks >= config.StopAfterPerfectChecks, loss, exact, resumedFrom,
            checking.Elapsed.TotalSeconds, saving.Elapsed.TotalSeconds);
    }

    private void Save(Checkpointing c, AdamW optimizer, List<string> names, TrainerState snapshot, ref int lastCheckpoint, Stopwatch saving)
    {
        saving.Start();
        TrainingCheckpoint.Save(c.Path, model, optimizer, names, snapshot, c.Identity);
        saving.Stop();
        lastCheckpoint = snapshot.Step;
    }

    private bool ParametersFinite()
    {
        using var _ = NewDisposeScope();
        return model.parameters().All(p => p.isfinite().all().item<bool>());
    }

    private static List<EncodedExample> DrawExamples(Random rng, int count, ExampleSource from, (int Min, int Max) lengths) =>
        Enumerable.Range(0, count).Select(_ => from.Draw(rng, lengths.Min, lengths.Max)).ToList();

    /// <summary>Teacher-forced exact match on the held-out examples (equal to greedy decoding; see <see cref="TeacherForcedScore"/>).</summary>
    private (double Exact, double TokenAccuracy) Score(List<EncodedExample> examples, List<int[]> examplePositions)
    {
        model.eval();
        try
        {
            using var _ = no_grad();
            double exactSum = 0, tokenSum = 0;
            for (int start = 0; start < examples.Count; start += config.BatchSize)
            {
                int n = Math.Min(config.BatchSize, examples.Count - start);
                using var batch = new Batch(examples.GetRange(start, n), examplePositions.GetRange(start, n));
                var (e, t) = TeacherForcedScore.Accuracy(TeacherForcedScore.Logits(model, batch), batch);
                exactSum += e * n;
                tokenSum += t * n;
            }
            return (exactSum / examples.Count, tokenSum / examples.Count);
        }
        finally { model.train(); }
    }
}
