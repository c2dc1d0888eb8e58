using System.Diagnostics;
using Mnemo.Models;
using Mnemo.Tokens;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>What a finished training run did.</summary>
public sealed record TrainingOutcome(int Steps, double Seconds, long Tokens, bool ReachedPerfect, double FinalLoss, double HeldOutExact);

/// <summary>Trains a model on fresh samples every step: AdamW (no decay on biases and norms), linear
/// warmup + cosine decay, gradient clipping, loss on the model's own target tokens only. Every step runs
/// in its own dispose scope so native memory stays flat. Stops at the step budget or after
/// <see cref="TrainingConfig.StopAfterPerfectChecks"/> consecutive perfect held-out checks.</summary>
public sealed class Trainer(TransformerLM model, ExampleSource source, TrainingConfig config, PositionSampler positions, int dataSeed)
{
    public TrainingOutcome Train(Action<TrainingProgress>? report = null, CancellationToken cancel = default)
    {
        config.Validate();
        var rng = new Random(dataSeed);
        var heldOut = DrawExamples(new Random(unchecked(dataSeed * 31 + 7)), config.EvalExamples);
        var heldOutPositions = heldOut.Select(e => positions.Sample(e.Length, new Random(0), training: false)).ToList();
        var schedule = new LearningRateSchedule(config.LearningRate, config.WarmupSteps, config.Steps, config.MinLearningRateRatio);
        using var optimizer = CreateOptimizer();
        model.train();

        var clock = Stopwatch.StartNew();
        long tokens = 0, windowTokens = 0;
        double windowStart = 0, loss = double.NaN, exact = 0;
        int perfectChecks = 0, step = 0;
        while (step < config.Steps && !cancel.IsCancellationRequested)
        {
            step++;
            using (NewDisposeScope())
            {
                var examples = DrawExamples(rng, config.BatchSize);
                var ids = examples.Select(e => positions.Sample(e.Length, rng, training: true)).ToList();
                if (model.Positions.Capacity is { } capacity && ids.Max(p => p[^1]) >= capacity)
                    throw new MnemoException($"model.max_positions: a training sequence needs position {ids.Max(p => p[^1])}, but the {model.Config.Scheme} table holds {capacity}; raise model.max_positions");
                using var batch = new Batch(examples, ids);
                double lr = schedule.At(step);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                optimizer.zero_grad();
                var lossTensor = TeacherForcedScore.Loss(model.Forward(batch.Ids, batch.Positions), batch.Labels);
                lossTensor.backward();
                if (config.GradClip > 0) nn.utils.clip_grad_norm_(model.parameters(), config.GradClip);
                optimizer.step();
                tokens += batch.Tokens;
                windowTokens += batch.Tokens;

                bool check = step % config.EvalEvery == 0 || step == config.Steps;
                if (step % config.LogEvery == 0 || check)
                {
                    loss = lossTensor.item<float>();
                    if (!double.IsFinite(loss))
                        throw new MnemoException($"training: loss became {loss} at step {step} (learning rate {lr:g3}); lower training.learning_rate");
                    double now = clock.Elapsed.TotalSeconds;
                    double rate = windowTokens / Math.Max(1e-9, now - windowStart);
                    (windowStart, windowTokens) = (now, 0);
                    double? heldExact = null, heldTokens = null;
                    if (check)
                    {
                        (exact, var tokenAccuracy) = Score(heldOut, heldOutPositions);
                        (heldExact, heldTokens) = (exact, tokenAccuracy);
                        perfectChecks = exact >= 1.0 ? perfectChecks + 1 : 0;
                    }
                    report?.Invoke(new TrainingProgress(step, config.Steps, loss, lr, rate, now, heldExact, heldTokens));
                    if (config.StopAfterPerfectChecks > 0 && perfectChecks >= config.StopAfterPerfectChecks) break;
                }
            }
        }
        model.eval();
        return new TrainingOutcome(step, clock.Elapsed.TotalSeconds, tokens,
            config.StopAfterPerfectChecks > 0 && perfectChecks >= config.StopAfterPerfectChecks, loss, exact);
    }

    private List<EncodedExample> DrawExamples(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => source.Draw(rng, config.MinLength, config.MaxLength)).ToList();

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
                var (e, t) = TeacherForcedScore.Accuracy(model.Forward(batch.Ids, batch.Positions), batch.Labels);
                exactSum += e * n;
                tokenSum += t * n;
            }
            return (exactSum / examples.Count, tokenSum / examples.Count);
        }
        finally { model.train(); }
    }

    private AdamW CreateOptimizer()
    {
        var named = model.named_parameters().ToList();
        // decay matrices only: biases, norms and (1-D) gains keep their scale
        var decay = named.Where(p => p.parameter.dim() >= 2).Select(p => p.parameter).ToList();
        var keep = named.Where(p => p.parameter.dim() < 2).Select(p => p.parameter).ToList();
        return optim.AdamW(
        [
            new AdamW.ParamGroup(decay, config.LearningRate, 0.9, 0.95, 1e-8, config.WeightDecay, false, false),
            new AdamW.ParamGroup(keep, config.LearningRate, 0.9, 0.95, 1e-8, 0.0, false, false),
        ], config.LearningRate);
    }
}
