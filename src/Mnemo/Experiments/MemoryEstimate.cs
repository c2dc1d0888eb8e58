using Mnemo.Runtime;

namespace Mnemo.Experiments;

/// <summary>Refuses, from the settings alone and before anything is built or written, a run that cannot
/// fit in this machine's memory (<see cref="MachineMemory"/>): a rough upper estimate of the float32
/// parameters with their gradients and AdamW moments, the activations a training step keeps for the
/// backward pass (attention scores grow with the square of the sequence), the KV cache and attention of
/// greedy decoding, and the attribution map. The estimates err high by up to about 2x, so only sizes
/// that could not possibly fit are refused; the error names the figure.</summary>
public static class MemoryEstimate
{
    private const double Float = 4;

    /// <summary>Memory per token of a format's vocabulary before any model exists (a string, list and set
    /// entries): measured 185 bytes of peak resident memory per anchor at a pool of 10^7 with mnemo
    /// generate; the garbage collector needs headroom above its live data.</summary>
    private const double TokenBytes = 300;

    /// <summary>Checks training and evaluation of <paramref name="run"/>.</summary>
    public static void Check(RunConfig run)
    {
        if (MachineMemory.Bytes is not { } machine) return;
        double vocabulary = Vocabulary(run);
        // each token is a string, list and dictionary entries, then an embedding row with its gradient and moments
        double rows = run.Model.TieEmbeddings ? 1 : 2;
        Require(vocabulary * (TokenBytes + rows * run.Model.DModel * Float * 4), machine, "format_options.anchor_pool", run.FormatOptions.AnchorPool,
            $"a vocabulary of {vocabulary:N0} tokens with their embedding rows (model.d_model {run.Model.DModel})");
        double training = Sequence(run, run.Training.MaxLength);
        double longest = Longest(run);
        if (run.Model.Scheme == "learned")
        {
            // a learned table holds a row per position id: the longest sequence, or the stated range or size
            var (field, size) = run.Model.MaxPositions > 0 ? ("model.max_positions", run.Model.MaxPositions) : ("training.position_range", run.Training.PositionRange);
            Require(Math.Max(size, longest) * run.Model.DModel * Float * 4, machine, field, size,
                $"a learned position table of {Math.Max(size, longest):N0} rows (model.d_model {run.Model.DModel})");
        }
        double parameters = Parameters(run, vocabulary, Math.Max(longest, run.Training.PositionRange));
        Require(parameters * Float * 4, machine, "model.d_model", run.Model.DModel,
            $"{parameters:N0} parameters with their gradients and AdamW moments");
        Require(StepBytes(run, parameters, vocabulary), machine, "training.batch_size", run.Training.BatchSize,
            $"a training step on {run.Training.BatchSize:N0} sequences of up to {training:N0} tokens");
        foreach (var length in run.Evaluation.LengthsOrDefault)
            Require(DecodingBytes(run, parameters, vocabulary, length), machine, "evaluation.lengths", length,
                $"greedy decoding of {run.Evaluation.BatchSize:N0} sequences of up to {Sequence(run, length):N0} tokens (evaluation.batch_size)");
    }

    /// <summary>The most memory training or evaluating <paramref name="run"/> needs at once, bytes: the larger of a
    /// training step and the decoding of its longest evaluation length (the same upper estimates <see cref="Check"/>
    /// refuses by), without the runtime itself. A sweep uses it to keep parallel trials within memory.</summary>
    public static double TrialBytes(RunConfig run)
    {
        double vocabulary = Vocabulary(run);
        double parameters = Parameters(run, vocabulary, Math.Max(Longest(run), run.Training.PositionRange));
        return run.Evaluation.LengthsOrDefault.Select(l => DecodingBytes(run, parameters, vocabulary, l))
            .Append(StepBytes(run, parameters, vocabulary)).Max();
    }

    /// <summary>Tokens of the longest sequence trained or evaluated.</summary>
    private static double Longest(RunConfig run) =>
        Math.Max(Sequence(run, run.Training.MaxLength), run.Evaluation.LengthsOrDefault.Select(l => Sequence(run, l)).DefaultIfEmpty(0).Max());

    /// <summary>Parameters with gradients and AdamW moments, and the activations of a batch of the longest training sequences.</summary>
    private static double StepBytes(RunConfig run, double parameters, double vocabulary) =>
        parameters * Float * 4 + run.Training.BatchSize * Activations(run, Sequence(run, run.Training.MaxLength), vocabulary);

    /// <summary>The parameters and a batch of greedy decoding at <paramref name="length"/>.</summary>
    private static double DecodingBytes(RunConfig run, double parameters, double vocabulary, int length) =>
        parameters * Float + run.Evaluation.BatchSize * Decoding(run, Sequence(run, length), vocabulary);

    /// <summary>Checks an attribution map of one example of <paramref name="length"/>.</summary>
    public static void CheckAttribution(RunConfig run, int length, InputName? field = null)
    {
        if (MachineMemory.Bytes is not { } machine) return;
        double t = Sequence(run, length), vocabulary = Vocabulary(run);
        // one sequence with gradients, plus the map itself (context × outputs, float64)
        double bytes = Parameters(run, vocabulary, t) * Float * 2 + Activations(run, t, vocabulary) + t * t * 8;
        Require(bytes, machine, field ?? new InputName("attribution.lengths"), length, $"attributing one sequence of up to {t:N0} tokens");
    }

    /// <summary>Checks <c>mnemo generate</c>: one example of <paramref name="maxLength"/> is held in memory at a time.</summary>
    public static void CheckExample(string task, int maxLength, int anchorPool)
    {
        if (MachineMemory.Bytes is not { } machine) return;
        double tokens = (task == Tasks.AdditionTask.TaskName ? 8.0 : 4.0) * maxLength + 8;
        // the format lists every anchor of the pool as a token
        Require(anchorPool * TokenBytes, machine, Formats.FormatOptions.Inputs.AnchorPool, anchorPool, $"a vocabulary of {anchorPool:N0} anchor tokens");
        // a token is a string (about 40 bytes) in a list, twice (example and JSON line); anchors are drawn from the whole pool
        Require(tokens * 100 + anchorPool * 4.0, machine, Formats.DatasetRequest.Inputs.MaxLength, maxLength, $"one example of up to {tokens:N0} tokens");
    }

    private static void Require(double bytes, long machine, string field, long value, string what) =>
        Require(bytes, machine, new InputName(field), value, what);

    private static void Require(double bytes, long machine, InputName field, long value, string what)
    {
        if (bytes > machine)
            throw new MnemoException(field,
                $"{value:N0} needs about {MachineMemory.Format(bytes)} for {what}; this machine has {MachineMemory.Format(machine)}");
    }

    /// <summary>Tokens of an example of <paramref name="length"/>, from above: anchors double the items, and
    /// addition writes its operands, the reversed sum and the sum.</summary>
    private static double Sequence(RunConfig run, int length) =>
        (run.Task == Tasks.AdditionTask.TaskName ? 8.0 : 4.0) * length + 8;

    private static double Vocabulary(RunConfig run)
    {
        bool pooled = run.Format.Contains("anchors", StringComparison.Ordinal) && run.Format is not ("anchors-constant" or "anchors-cyclic");
        return 64.0 + (pooled ? run.FormatOptions.AnchorPool : 0) + (run.Format == "anchors-cyclic" ? run.FormatOptions.Cycle : 0);
    }

    private static double Parameters(RunConfig run, double vocabulary, double positions)
    {
        var m = run.Model;
        double d = m.DModel, table = m.MaxPositions > 0 ? m.MaxPositions : positions;
        double embeddings = vocabulary * d * (m.TieEmbeddings ? 1 : 2) + (m.Scheme == "learned" ? table * d : 0);
        return embeddings + m.Layers * (4 * d * d + 2 * d * m.MlpWidth + 10 * d);
    }

    /// <summary>Bytes one sequence of <paramref name="t"/> tokens keeps for the backward pass: per layer
    /// about a dozen d-wide tensors, the MLP's hidden layer twice, and the attention scores and weights; then the logits.</summary>
    private static double Activations(RunConfig run, double t, double vocabulary)
    {
        var m = run.Model;
        return Float * t * (m.Layers * (12.0 * m.DModel + 2.0 * m.MlpWidth + 2.0 * m.Heads * t) + 3 * vocabulary);
    }

    /// <summary>Bytes one sequence of <paramref name="t"/> tokens needs while it is decoded: the prompt's
    /// forward pass (attention scores of one layer at a time), the KV cache of every layer and the logits.</summary>
    private static double Decoding(RunConfig run, double t, double vocabulary)
    {
        var m = run.Model;
        return Float * (m.Heads * t * t + 2.0 * m.Layers * t * m.DModel + 4.0 * t * (m.DModel + m.MlpWidth) + vocabulary);
    }
}
