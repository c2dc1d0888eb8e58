using Mnemo.Data;
using Mnemo.Evaluation;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Pretrained;
using Mnemo.Runtime;
using Mnemo.Tasks;
using Mnemo.Tokens;

namespace Mnemo.Experiments;

/// <summary>The pieces a run config describes, built once: task, format, vocabulary, example source,
/// position sampler, and the size of the position table. With <c>pretrained.path</c>, the checkpoint's
/// config.json fixes the architecture (<see cref="Config"/> holds it resolved) and its tokenizer the ids.</summary>
public sealed class RunSetup
{
    public RunSetup(RunConfig config)
    {
        if (config.Pretrained is { } pretrained)
        {
            pretrained.Validate();
            Checkpoint = HfCheckpoint.Open(pretrained.Path);
            config = config with
            {
                Model = Checkpoint.Resolve(config.Model),
                Pretrained = pretrained with { Path = Checkpoint.Folder, AnchorTokens = pretrained.AnchorsOrDefault },
            };
        }
        config.Validate();
        Config = config;
        Task = TaskRegistry.Create(config.Task, config.TaskOptions);
        Format = FormatRegistry.Create(Task, config.Format, config.FormatOptions);
        Symbols = Checkpoint?.MapSymbols(Format.Tokens, config.Pretrained!.AnchorsOrDefault);
        Vocabulary = Symbols?.Vocabulary ?? new Vocabulary(Format.Tokens);
        Source = new ExampleSource(Task, Format, Vocabulary);
        PretrainSource = CreatePretrainSource(config);
        int longestEvaluated = config.Evaluation.LengthsOrDefault
            .Max(length => EvaluationSet.LongestSequence(Source, config.Evaluation, length));
        int longestTraining = LongestTrainingSequence = SampleLongestTraining(config.Training.MaxLength);
        int longestSequence = Math.Max(longestEvaluated, longestTraining);
        int range = config.Training.PositionRange;
        if (config.Training.Positions != PositionMode.Sequential && range == 0)
            throw new MnemoException(
                $"training.position_range: {config.Training.Positions.ToString().ToLowerInvariant()} positions need a stated range (the largest position id + 1), at least {longestSequence} here (the longest sequence trained or evaluated); it fixes the positions training sees, so it is set once, not derived from the evaluation lengths");
        Positions = new PositionSampler(config.Training.Positions, range, config.Evaluation.SequentialPositions,
            config.Training.PositionSpread);
        RequireRange(longestTraining, training: true, $"training sequences of up to {config.Training.MaxLength}");
        RequireRange(longestEvaluated, training: false, $"evaluation.lengths up to {config.Evaluation.LengthsOrDefault.Max()}");
        MaxPositions = config.Model.MaxPositions > 0 ? config.Model.MaxPositions : Positions.Extent(longestSequence);
    }

    /// <summary>Refuses up front a range that drawn positions cannot fit a sequence of <paramref name="longest"/>
    /// tokens into (Ruoss et al. refuse it too); 0…T−1 instead would silently be a different experiment.
    /// <paramref name="what"/> names where such sequences come from, for the message.</summary>
    public void RequireRange(int longest, bool training, string what)
    {
        int range = Config.Training.PositionRange;
        if (!FitsRange(longest, training))
            throw new MnemoException(
                $"training.position_range: {range} is shorter than the {longest}-token sequences of {what}; {Config.Training.Positions.ToString().ToLowerInvariant()} positions need a range of at least {longest}");
    }

    /// <summary>Whether sequences of <paramref name="longest"/> tokens get positions: always, unless positions are
    /// drawn (in training, or in evaluation when <paramref name="training"/> is false) from a shorter range.</summary>
    public bool FitsRange(int longest, bool training) => !Positions.Draws(training) || longest <= Config.Training.PositionRange;

    /// <summary>Rows of the model's position table (learned, sinusoidal; a checkpoint's n_positions); null when the
    /// scheme has none.</summary>
    public long? PositionTable => Config.Model.SchemeKind.Capacity(MaxPositions);

    /// <summary>Position ids (largest + 1) that evaluating <paramref name="evaluation"/>'s examples of
    /// <paramref name="length"/> needs.</summary>
    public int EvaluationExtent(EvaluationConfig evaluation, int length) =>
        Positions.Extent(EvaluationSet.LongestSequence(Source, evaluation, length));

    /// <summary>The longest length below <paramref name="length"/> up to which <paramref name="fits"/> holds,
    /// counted up from 1 (the cost grows with what fits, not with the length asked for); 0 when 1 does not fit.</summary>
    public static int LongestFitting(int length, Func<int, bool> fits)
    {
        int n = 0;
        while (n + 1 < length && fits(n + 1)) n++;
        return n;
    }

    /// <summary>Training draws fresh examples, so bound their size from a large sample.</summary>
    private int SampleLongestTraining(int length)
    {
        var rng = new Random(0);
        return Enumerable.Range(0, 256).Max(_ => Source.Draw(rng, length).Length);
    }

    /// <summary>The copy task over the main task's alphabet in the same format and vocabulary.</summary>
    private ExampleSource? CreatePretrainSource(RunConfig config)
    {
        if (WarmUp(config, Task) is not { } warmUp) return null;
        if (warmUp.Format.Tokens.FirstOrDefault(t => !Vocabulary.Contains(t)) is { } missing)
            throw new MnemoException($"training.pretrain_task: copy in format {config.Format} writes '{missing}', which {Task.Name} never does");
        return new ExampleSource(warmUp.Task, warmUp.Format, Vocabulary);
    }

    /// <summary>The copy warm-up's task (over <paramref name="task"/>'s alphabet) and format (the run's, with its
    /// options); null when the run has no warm-up or its format has no copy form.</summary>
    /// <exception cref="MnemoException">The task is not one over single symbols.</exception>
    public static (CopyTask Task, ITaskFormat Format)? WarmUp(RunConfig config, IAlgorithmicTask task)
    {
        if (config.Training.PretrainTask == "") return null;
        if (task is not ISequenceTask sequence || sequence.Alphabet.Any(s => s.Length != 1))
            throw new MnemoException($"training.pretrain_task: copy needs a task over single symbols; {task.Name} is not one");
        var copy = new CopyTask(string.Concat(sequence.Alphabet));
        // formats that only make sense for parity (direct, interleaved) have no copy form: their whole budget
        // is the main task, so a sweep over formats keeps one step count for all
        if (!FormatRegistry.NamesFor(copy).Contains(config.Format)) return null;
        // the model writes the warm-up's anchors even when the main task forces them: predicting the next
        // anchor means finding the current one in the prompt by content, the lookup the warm-up is there to
        // build (with forced anchors the warm-up's only signal is the copied symbol)
        return (copy, FormatRegistry.Create(copy, config.Format, config.FormatOptions with { Forced = false }));
    }

    public ExampleSource? PretrainSource { get; }

    /// <summary>The pretrained checkpoint this run fine-tunes, or null (from scratch).</summary>
    public HfCheckpoint? Checkpoint { get; }

    /// <summary>How the format's symbols map to the checkpoint's ids (pretrained runs only).</summary>
    public SymbolMapping? Symbols { get; }

    public RunConfig Config { get; }
    public IAlgorithmicTask Task { get; }
    public ITaskFormat Format { get; }
    public Vocabulary Vocabulary { get; }
    public ExampleSource Source { get; }
    public PositionSampler Positions { get; }
    public int MaxPositions { get; }

    /// <summary>Tokens of the longest training sequence, estimated once from a large sample (training draws fresh examples).</summary>
    public int LongestTrainingSequence { get; }

    /// <summary>A freshly initialized model, deterministic for the run's seed; for a pretrained run, the
    /// checkpoint's weights (unless <paramref name="pretrainedWeights"/> is false: a trained run's own
    /// model.safetensors is about to replace them).</summary>
    public TransformerLM CreateModel(bool pretrainedWeights = true) =>
        Checkpoint is not null && pretrainedWeights
            ? Checkpoint.CreateModel(Config.Model, Symbols!, MaxPositions, Config.Seed)
            : TorchRuntime.Seeded(Config.Seed, () => new TransformerLM(Config.Model, Vocabulary.Count, MaxPositions));

    /// <summary>Embedding rows that <c>training.freeze_embeddings</c> keeps fixed: the checkpoint's (rows of
    /// tokens added for the format still train); null when nothing is frozen.</summary>
    public int? FrozenEmbeddingRows => Config.Training.FreezeEmbeddings ? Symbols?.CheckpointRows : null;
}
