using Mnemo.Attribution;
using Mnemo.Data;
using Mnemo.Tasks;

namespace Mnemo.Experiments;

/// <summary>What a trained model answers to one problem a user wrote (<c>mnemo predict</c>).</summary>
/// <param name="Prompt">The prompt as the run's format writes it (anchors included).</param>
/// <param name="Output">The tokens after the prompt, as decoded: the model's, and the environment's where
/// <paramref name="Forced"/> says so (true: inserted by the environment, as in evaluation).</param>
/// <param name="Expected">The correct target.</param>
/// <param name="Ended">The model wrote its end token (else it ran out of steps).</param>
/// <param name="FirstError">Index of the first wrong output token; -1 when the answer is correct.</param>
/// <param name="Maps">The attribution map's folder, when one was asked for.</param>
public sealed record Prediction(string Input, IReadOnlyList<string> Prompt, IReadOnlyList<string> Output, IReadOnlyList<bool> Forced,
    IReadOnlyList<string> Expected, bool Ended, int FirstError, string? Maps)
{
    public bool Correct => FirstError < 0;
}

/// <summary><c>mnemo predict</c>: a run's trained model on problems the user writes, decoded greedily as
/// evaluation decodes (forced tokens inserted by the environment), each answer checked against the task's
/// own; optionally the attribution map of each, into RUN/attribution/input-SYMBOLS[-seed-N].</summary>
public static class RunPrediction
{
    /// <summary>The problems to decode, as errors name them.</summary>
    public static readonly InputName Inputs = new("inputs");

    /// <param name="inputs">Problems as text: the symbols of a sequence task (parity, copy, reverse), space-separated or written together ("1 0 1 1" or "1011").</param>
    /// <param name="seed">Draws the anchors and positions of each example, as evaluation would.</param>
    /// <param name="attribution">Also draw each input's attribution map (gradient × input) and attention maps.</param>
    /// <param name="force">Redraw maps into folders that hold some already.</param>
    public static List<Prediction> Run(string runDir, IReadOnlyList<string> inputs, int seed = 0, bool attribution = false, bool force = false)
    {
        if (inputs.Count == 0) throw new MnemoException(Inputs, $"give at least one problem, e.g. \"1 0 1 1\"");
        var folder = RunFolder.Existing(runDir);
        if (!folder.IsTrained) throw new MnemoException($"{runDir}: not trained yet (no model.safetensors or training.json); finish it with 'mnemo train --resume {runDir}'");
        var setup = new RunSetup(ConfigFiles.LoadRun(folder.Config));
        var instances = inputs.Select(i => Parse(setup.Task, i)).ToList(); // every input checked before the model is loaded
        foreach (var instance in instances) setup.Format.CheckLength(instance.Length);
        var maps = instances.Select(i => Path.Combine(folder.Path, SweepAttribution.FolderName, $"input-{i.Operands[0]}" + (seed != 0 ? $"-seed-{seed}" : ""))).ToList();
        if (attribution && !force && maps.FirstOrDefault(m => File.Exists(Path.Combine(m, AttributionImages.MapFile))) is { } taken)
            throw new MnemoException(null, $"{taken}: holds maps already; pass {InputName.Force} to redraw them");

        var predictions = new List<Prediction>();
        using (var model = TrialRunner.LoadModel(setup, folder))
        {
            var source = new ExampleSource(setup.Task, setup.Format, setup.Vocabulary);
            for (int k = 0; k < instances.Count; k++)
            {
                var example = AttributionExample.Create(model, source, setup.Positions, instances[k], new Random(seed), teacherForced: false, allowEmpty: true);
                var decoded = example.Decoded!;
                var output = decoded.Tokens.Select(setup.Vocabulary.Token).ToList();
                var forced = Enumerable.Range(0, output.Count).Select(i => i < example.Encoded.Forced.Length && example.Encoded.Forced[i]).ToList();
                predictions.Add(new Prediction(string.Join(' ', instances[k].Operands[0].Select(c => c.ToString())), example.Formatted.Prompt, output, forced,
                    example.Formatted.Target, decoded.Ended, decoded.FirstError(example.Encoded), null));
            }
        }
        if (!attribution) return predictions;
        for (int k = 0; k < instances.Count; k++)
        {
            var request = new AttributionRequest(folder.Path, instances[k].Length, Seed: seed, OutDir: maps[k], Force: true, Instance: instances[k]);
            if (predictions[k].Output.Count == 0) request = request with { TeacherForced = true }; // nothing written: map of the correct answer
            RunAttribution.Run(setup, folder, request);
            predictions[k] = predictions[k] with { Maps = maps[k] };
        }
        return predictions;
    }

    /// <summary>A problem of a sequence task from its symbols, or one line saying what was expected.</summary>
    public static ProblemInstance Parse(IAlgorithmicTask task, string input)
    {
        if (task is not ISequenceTask sequence)
            throw new MnemoException($"predict: the run's task '{task.Name}' is not a sequence of symbols; mnemo predict reads parity, copy and reverse problems");
        var words = input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        // "1011" is read as 1 0 1 1 when every symbol of the alphabet is one character
        if (words.Length == 1 && sequence.Alphabet.All(a => a.Length == 1)) words = words[0].Select(c => c.ToString()).ToArray();
        if (words.Length == 0) throw new MnemoException($"predict: empty input; write the {task.Name} problem's symbols ({string.Join(", ", sequence.Alphabet)}), e.g. \"{string.Join(' ', sequence.Alphabet.Take(2))}\"");
        if (words.FirstOrDefault(w => !sequence.Alphabet.Contains(w)) is { } bad)
            throw new MnemoException($"predict: '{input}': '{bad}' is not a {task.Name} symbol (expected {string.Join(", ", sequence.Alphabet)}, separated by spaces)");
        return new ProblemInstance(task.Name, words.Length, [string.Concat(words)]);
    }
}
