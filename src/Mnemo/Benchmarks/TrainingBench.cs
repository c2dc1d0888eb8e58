using System.Diagnostics;
using Mnemo.Data;
using Mnemo.Models;
using Mnemo.Tokens;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>Training steps on random tokens, done by <see cref="TrainingStep"/> as <see cref="Trainer"/> does
/// them: host-side examples turned into a <see cref="Batch"/>, forward, loss on the target tokens, backward,
/// gradient clipping at 1, AdamW (learning rate 1e-3, decay 0.1 on matrices only), every step in its own
/// dispose scope. Tokens/s count the tokens of the sequences, not the padding.</summary>
public static class TrainingBench
{
    /// <param name="cancel">Checked before every step.</param>
    public static TrainingMeasurement Run(TransformerLM model, BenchSize size, BenchOptions options, bool trackMemory,
        CancellationToken cancel = default)
    {
        options.Validate();
        int total = options.TrainingSteps(size, trackMemory);
        var (warmup, _) = size.StepsFor(options);
        int batchSize = size.BatchFor(options);
        var rng = new Random(options.Seed);
        var sampler = size.PositionRange is { } range ? new PositionSampler(PositionMode.Randomized, range) : null;
        var (optimizer, _) = TrainingStep.CreateOptimizer(model, learningRate: 1e-3, weightDecay: 0.1, frozenEmbeddings: false);
        using var _ = optimizer;
        var training = new TrainingStep(model, optimizer, gradClip: 1.0);
        model.train();

        double data = 0, forward = 0, backward = 0, update = 0;
        long tokens = 0;
        double lowest = double.MaxValue, highest = 0; // tokens/s of single timed steps
        var memory = trackMemory ? new MemoryGrowthTracker(options.MemoryFrom, options.MemoryTo, options.MemoryWindow) : MemoryGrowthTracker.PeakOnly();
        var clock = new Stopwatch();
        var phase = new Stopwatch();
        for (int step = 1; step <= total; step++)
        {
            cancel.ThrowIfCancellationRequested();
            bool timed = step > warmup;
            if (step == warmup + 1) clock.Start();
            memory.BeforeStep(step);
            using (NewDisposeScope())
            {
                phase.Restart();
                var lengths = Enumerable.Range(0, batchSize)
                    .Select(_ => size.Lengths is { } l ? rng.Next(l.Min, l.Max + 1) : options.Sequence).ToArray();
                var examples = RandomExamples(rng, lengths, model.VocabSize);
                var positions = lengths.Select(t => sampler?.Sample(t + 1, rng, training: true) ?? Enumerable.Range(0, t + 1).ToArray()).ToList();
                using var batch = new Batch(examples, positions);
                double t0 = phase.Elapsed.TotalMilliseconds;
                var loss = training.Loss(batch, learningRate: 1e-3);
                double t1 = phase.Elapsed.TotalMilliseconds;
                training.Backward(loss);
                double t2 = phase.Elapsed.TotalMilliseconds;
                training.Update();
                double t3 = phase.Elapsed.TotalMilliseconds;
                if (timed)
                {
                    data += t0;
                    forward += t1 - t0;
                    backward += t2 - t1;
                    update += t3 - t2;
                    tokens += lengths.Sum();
                    double rate = lengths.Sum() / (t3 / 1000);
                    (lowest, highest) = (Math.Min(lowest, rate), Math.Max(highest, rate));
                }
            }
            memory.AfterStep(step);
        }
        clock.Stop();
        model.eval();

        int timedSteps = total - warmup;
        double seconds = clock.Elapsed.TotalSeconds;
        return new TrainingMeasurement(
            timedSteps,
            tokens / seconds,
            seconds * 1000 / timedSteps,
            data / timedSteps, forward / timedSteps, backward / timedSteps, update / timedSteps,
            memory.FromMb, memory.ToMb, memory.GrowthPct, memory.PeakMb)
        { StepTokensPerSecondMin = lowest, StepTokensPerSecondMax = highest };
    }

    /// <summary>Examples of exactly sequence + 1 tokens (a one-token prompt, random targets, the end
    /// token), so that every batch is sequence wide and every position is supervised.</summary>
    public static List<EncodedExample> RandomExamples(Random rng, int batch, int sequence, int vocab) =>
        RandomExamples(rng, Enumerable.Repeat(sequence, batch).ToArray(), vocab);

    /// <summary>One example per entry of <paramref name="sequences"/>, each of that many + 1 tokens.</summary>
    public static List<EncodedExample> RandomExamples(Random rng, IReadOnlyList<int> sequences, int vocab)
    {
        var examples = new List<EncodedExample>(sequences.Count);
        foreach (int sequence in sequences)
        {
            var prompt = new[] { rng.Next(2, vocab) };
            var target = new int[sequence - 1];
            for (int j = 0; j < target.Length; j++) target[j] = rng.Next(2, vocab);
            examples.Add(new EncodedExample(prompt, target, new bool[target.Length]));
        }
        return examples;
    }
}
