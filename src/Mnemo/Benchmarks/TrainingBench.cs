using System.Diagnostics;
using Mnemo.Models;
using Mnemo.Tokens;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Benchmarks;

/// <summary>Training steps on random tokens, done by <see cref="TrainingStep"/> as <see cref="Trainer"/> does
/// them: host-side examples turned into a <see cref="Batch"/>, forward, loss on the target tokens, backward,
/// gradient clipping at 1, AdamW (learning rate 1e-3, decay 0.1 on matrices only), every step in its own
/// dispose scope.</summary>
public static class TrainingBench
{
    public static TrainingMeasurement Run(TransformerLM model, BenchOptions options, bool trackMemory)
    {
        options.Validate();
        int total = options.TrainingSteps(trackMemory);
        var rng = new Random(options.Seed);
        var positions = Enumerable.Range(0, options.Sequence + 1).ToArray();
        var batchPositions = Enumerable.Repeat(positions, options.Batch).ToList();
        var (optimizer, _) = TrainingStep.CreateOptimizer(model, learningRate: 1e-3, weightDecay: 0.1, frozenEmbeddings: false);
        using var _ = optimizer;
        var training = new TrainingStep(model, optimizer, gradClip: 1.0);
        model.train();

        double data = 0, forward = 0, backward = 0, update = 0;
        var memory = trackMemory ? new MemoryGrowthTracker(options.MemoryFrom, options.MemoryTo, options.MemoryWindow) : MemoryGrowthTracker.PeakOnly();
        var clock = new Stopwatch();
        var phase = new Stopwatch();
        for (int step = 1; step <= total; step++)
        {
            bool timed = step > options.WarmupSteps;
            if (step == options.WarmupSteps + 1) clock.Start();
            memory.BeforeStep(step);
            using (NewDisposeScope())
            {
                phase.Restart();
                var examples = RandomExamples(rng, options.Batch, options.Sequence, model.VocabSize);
                using var batch = new Batch(examples, batchPositions);
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
                }
            }
            memory.AfterStep(step);
        }
        clock.Stop();
        model.eval();

        int timedSteps = total - options.WarmupSteps;
        double seconds = clock.Elapsed.TotalSeconds;
        return new TrainingMeasurement(
            timedSteps,
            (double)options.Batch * options.Sequence * timedSteps / seconds,
            seconds * 1000 / timedSteps,
            data / timedSteps, forward / timedSteps, backward / timedSteps, update / timedSteps,
            memory.FromMb, memory.ToMb, memory.GrowthPct, memory.PeakMb);
    }

    /// <summary>Examples of exactly sequence + 1 tokens (a one-token prompt, random targets, the end
    /// token), so that every batch is sequence wide and every position is supervised.</summary>
    public static List<EncodedExample> RandomExamples(Random rng, int batch, int sequence, int vocab)
    {
        var examples = new List<EncodedExample>(batch);
        for (int i = 0; i < batch; i++)
        {
            var prompt = new[] { rng.Next(2, vocab) };
            var target = new int[sequence - 1];
            for (int j = 0; j < target.Length; j++) target[j] = rng.Next(2, vocab);
            examples.Add(new EncodedExample(prompt, target, new bool[target.Length]));
        }
        return examples;
    }
}
