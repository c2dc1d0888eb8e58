namespace Mnemo.Benchmarks;

/// <summary>What the benchmark runs. Defaults are the issue's: batch 64, sequence 128, decoding 250-token
/// sequences of batch 64, resident-memory growth between step 50 and step 500 of the <c>small</c> model.</summary>
/// <param name="WarmupSteps">Training steps run before the clock starts (allocator, thread pool, caches); null: the
/// size's own (<see cref="BenchSize.WarmupSteps"/>).</param>
/// <param name="TimedSteps">Training steps timed after the warm-up (the memory-tracked size runs at least
/// to <see cref="MemoryTo"/> and times every step after the warm-up); null: the size's own (<see cref="BenchSize.TimedSteps"/>).</param>
/// <param name="MemorySize">The size whose training tracks resident memory from step <see cref="MemoryFrom"/>
/// to step <see cref="MemoryTo"/> ("" or MemoryTo = 0: none).</param>
/// <param name="DecodeLength">Tokens per decoded sequence (a one-token prompt, then the rest decoded).</param>
public sealed record BenchOptions
{
    public int Batch { get; init; } = 64;
    public int Sequence { get; init; } = 128;
    public int? WarmupSteps { get; init; }
    public int? TimedSteps { get; init; }
    public string MemorySize { get; init; } = "small";
    public int MemoryFrom { get; init; } = 50;
    public int MemoryTo { get; init; } = 500;
    /// <summary>Steps whose peaks give the level of resident memory at each end, as their median
    /// (<see cref="MemoryGrowthTracker"/>; fewer when the run is shorter).</summary>
    public int MemoryWindow { get; init; } = 25;
    public int DecodeBatch { get; init; } = 64;
    public int DecodeLength { get; init; } = 250;
    public int Seed { get; init; } = 0;

    /// <summary>The names of the options in errors (a front end may show its own flags for them).</summary>
    public static class Inputs
    {
        public static readonly InputName Sizes = new("sizes"), WarmupSteps = new("warmup_steps"), TimedSteps = new("timed_steps"),
            MemoryTo = new("memory_to"), DecodeLength = new("decode_length"), Contention = new("contention");
    }

    public bool TracksMemory(BenchSize size) => MemoryTo > 0 && size.Name == MemorySize;

    /// <summary>Training steps of one size: warm-up and timed steps, or up to <see cref="MemoryTo"/> when it tracks memory.</summary>
    public int TrainingSteps(BenchSize size, bool trackMemory)
    {
        var (warmup, timed) = size.StepsFor(this);
        return Math.Max(warmup + timed, trackMemory ? MemoryTo : 0);
    }

    public void Validate()
    {
        if (Batch < 1) throw new MnemoException($"bench: batch must be at least 1, got {Batch}");
        if (Sequence < 2) throw new MnemoException($"bench: sequence must be at least 2, got {Sequence}");
        if (Sequence > BenchSize.MaxPositions) throw new MnemoException($"bench: sequence must be at most {BenchSize.MaxPositions}, got {Sequence}");
        if (WarmupSteps < 0) throw new MnemoException(Inputs.WarmupSteps, $"must be at least 0, got {WarmupSteps}");
        if (TimedSteps < 1) throw new MnemoException(Inputs.TimedSteps, $"must be at least 1, got {TimedSteps}");
        if (MemoryFrom < 1) throw new MnemoException($"bench: the memory reference step must be at least 1, got {MemoryFrom}");
        if (MemoryWindow < 1) throw new MnemoException($"bench: the memory window must be at least 1 step, got {MemoryWindow}");
        if (MemoryTo < 0) throw new MnemoException(Inputs.MemoryTo, $"must be at least 0, got {MemoryTo}");
        if (MemoryTo > 0 && MemoryFrom >= MemoryTo)
            throw new MnemoException(Inputs.MemoryTo, $"must be above step {MemoryFrom} (where the reference is read), got {MemoryTo}");
        if (DecodeBatch < 1) throw new MnemoException($"bench: decoding batch must be at least 1, got {DecodeBatch}");
        if (DecodeLength is < 2 or > BenchSize.MaxPositions - 1)
            throw new MnemoException(Inputs.DecodeLength, $"must be in [2, {BenchSize.MaxPositions - 1}], got {DecodeLength}");
    }
}
