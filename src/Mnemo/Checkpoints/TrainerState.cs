namespace Mnemo.Checkpoints;

/// <summary>Where a training loop stands after a step, besides its tensors: with the model, the AdamW
/// state and libtorch's generator state it is everything needed to continue exactly. The data stream
/// needs no state of its own: the examples of step s are drawn from a generator seeded by
/// (<see cref="DataSeed"/>, s), so the stream resumes by construction.</summary>
/// <param name="Step">Steps completed.</param>
/// <param name="PerfectChecks">Consecutive held-out checks at 100% so far.</param>
/// <param name="Tokens">Training tokens seen so far.</param>
/// <param name="Seconds">Training time so far, over every process that worked on this run.</param>
/// <param name="Loss">Loss at the last logged step (NaN before the first).</param>
/// <param name="HeldOutExact">Held-out exact match at the last check.</param>
/// <param name="Threads">libtorch's intra-op thread count while training (results are bitwise
/// reproducible only at the same count, so a resume uses it again unless the config fixes one).</param>
public sealed record TrainerState(int Step, int PerfectChecks, long Tokens, double Seconds, double Loss, double HeldOutExact, int DataSeed,
    int Threads = 0)
{
    public static TrainerState Start(int dataSeed) => new(0, 0, 0, 0, double.NaN, 0, dataSeed);
}
