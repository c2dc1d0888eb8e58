using Mnemo.Benchmarks;
using Mnemo.Models;
using Mnemo.Tokens;
using Mnemo.Training;

namespace Mnemo.Tests.Benchmarks;

public class BenchPiecesTests
{
    [Fact]
    public void Status_lines_with_tabs_and_spaces_parse_to_mebibytes()
    {
        const string status = "Name:\tmnemo\nVmHWM:\t  524288 kB\nVmRSS:\t    2048 kB\n";
        Assert.Equal(512.0, ResidentMemory.Parse(status, "VmHWM:"));
        Assert.Equal(2.0, ResidentMemory.Parse(status, "VmRSS:"));
        Assert.Null(ResidentMemory.Parse(status, "VmSwap:"));
    }

    [Fact]
    public void Random_training_examples_fill_a_full_batch_with_every_position_supervised()
    {
        var examples = TrainingBench.RandomExamples(new Random(1), batch: 3, sequence: 5, vocab: 10);
        var positions = examples.Select(e => Enumerable.Range(0, e.Length).ToArray()).ToList();
        using var batch = new Batch(examples, positions);
        Assert.Equal(new long[] { 3, 5 }, batch.Ids.shape);
        Assert.Equal(15, batch.Labels.ne(Batch.Ignore).sum().item<long>());
        Assert.All(examples, e => Assert.DoesNotContain(Vocabulary.EosId, e.Target));
    }

    [Fact]
    public void Decoding_sequences_are_forced_throughout_and_never_end_early()
    {
        var (examples, positions) = DecodingBench.Sequences(batch: 2, length: 6, vocab: 10, seed: 0);
        Assert.All(examples, e =>
        {
            Assert.Single(e.Prompt);
            Assert.Equal(5, e.Target.Length);
            Assert.All(e.Forced, Assert.True);
            Assert.DoesNotContain(Vocabulary.EosId, e.Target);
            Assert.DoesNotContain(Vocabulary.PadId, e.Target);
        });
        Assert.All(positions, p => Assert.Equal(Enumerable.Range(0, 7), p));
    }

    [Fact]
    public void Resetting_the_peak_brings_it_down_to_the_memory_now_resident()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc only there; elsewhere the benchmark reports no memory
        const long size = 512L << 20;
        double with;
        // an anonymous mapping, touched page by page: resident until unmapped, whatever the C heap does
        using (var mapping = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateNew(null, size))
        using (var view = mapping.CreateViewAccessor())
        {
            for (long offset = 0; offset < size; offset += 4096) view.Write(offset, (byte)1);
            with = ResidentMemory.PeakMb()!.Value;
        }
        double after = ResidentMemory.PeakMb()!.Value;
        // the peak remembers the mapping after it is gone (the kernel's counters lag by a few pages per thread)
        Assert.True(after >= with - 8, $"peak {after} MiB after unmapping, {with} MiB with the mapping");
        Assert.True(ResidentMemory.ResetPeak());
        Assert.True(ResidentMemory.PeakMb() < with - 256, $"peak {ResidentMemory.PeakMb()} MiB after the reset, {with} MiB with the mapping");
    }

    [Fact]
    public void Memory_is_tracked_between_the_two_steps_only_for_the_chosen_size()
    {
        var options = new BenchOptions { Batch = 4, Sequence = 8, WarmupSteps = 1, TimedSteps = 1, MemoryFrom = 2, MemoryTo = 4 };
        Assert.True(options.TracksMemory(BenchSize.Small));
        Assert.False(options.TracksMemory(BenchSize.Tiny));
        using var model = new TransformerLM(BenchSize.Tiny.Model, BenchSize.Vocabulary, BenchSize.MaxPositions);
        var tracked = TrainingBench.Run(model, BenchSize.Tiny, options, trackMemory: true);
        Assert.Equal(3, tracked.TimedSteps); // runs on to step 4, timing every step after the warm-up
        Assert.NotNull(tracked.RssGrowthPct);
        // each end is the median of the per-step peaks of a window of steps, and the run's peak covers both windows
        Assert.True(tracked.RssFromMb > 0 && tracked.RssToMb > 0);
        Assert.True(tracked.PeakRssMb >= Math.Max(tracked.RssFromMb!.Value, tracked.RssToMb!.Value));
        Assert.Equal((tracked.RssToMb - tracked.RssFromMb) / tracked.RssFromMb * 100, tracked.RssGrowthPct);
        var untracked = TrainingBench.Run(model, BenchSize.Tiny, options, trackMemory: false);
        Assert.Equal(1, untracked.TimedSteps);
        Assert.Null(untracked.RssGrowthPct);
    }

    [Fact]
    public void The_variable_length_sizes_time_more_steps_unless_the_options_give_them()
    {
        var none = new BenchOptions();
        Assert.Equal((3, 20), BenchSize.Tiny.StepsFor(none));
        Assert.Equal((3, 20), BenchSize.Base.StepsFor(none));
        Assert.Equal((40, 200), BenchSize.Quickstart.StepsFor(none));
        Assert.Equal((40, 200), BenchSize.Paper.StepsFor(none));
        var given = new BenchOptions { WarmupSteps = 0, TimedSteps = 5 };
        Assert.Equal((0, 5), BenchSize.Quickstart.StepsFor(given));
        Assert.Equal((0, 5), BenchSize.Tiny.StepsFor(given));
        Assert.Equal((40, 7), BenchSize.Paper.StepsFor(new BenchOptions { TimedSteps = 7 }));   // each on its own
        Assert.Equal(240, none.TrainingSteps(BenchSize.Quickstart, trackMemory: false));
        Assert.Equal(500, none.TrainingSteps(BenchSize.Small, trackMemory: true));
    }
}
