using System.Globalization;
using System.Text.Json;
using Mnemo.Models;
using Mnemo.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Checkpoints;

/// <summary>A resumable training checkpoint in one safetensors file: the model's state under
/// <c>model/</c>, AdamW's moments per parameter under <c>optimizer/NAME/</c>, libtorch's generator
/// state as <c>rng/torch</c>, and in the metadata the loop state (<see cref="TrainerState"/>), the
/// optimizer's step counts and the run's identity. Written atomically with a checksum of the data, so a
/// kill leaves the previous checkpoint or the new one, and a damaged file is refused, never half-loaded.</summary>
public static class TrainingCheckpoint
{
    public const string Kind = "mnemo-training-checkpoint";
    private const string ModelPrefix = "model/";
    private const string RngKey = "rng/torch";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <param name="parameterNames">Names of the optimizer's parameters, in the order of its state.</param>
    public static void Save(string path, TransformerLM model, AdamW optimizer, IReadOnlyList<string> parameterNames, TrainerState state, string identity)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in model.state_dict()) tensors[ModelPrefix + name] = t;
        var states = AdamStates(optimizer, parameterNames, path);
        var steps = new Dictionary<string, long>();
        foreach (var (name, s) in states)
        {
            tensors[$"optimizer/{name}/exp_avg"] = s.exp_avg;
            tensors[$"optimizer/{name}/exp_avg_sq"] = s.exp_avg_sq;
            if (s.max_exp_avg_sq is not null) tensors[$"optimizer/{name}/max_exp_avg_sq"] = s.max_exp_avg_sq;
            steps[name] = s.step;
        }
        using var rng = get_rng_state();
        tensors[RngKey] = rng;
        var metadata = new Dictionary<string, string>
        {
            ["kind"] = Kind,
            ["identity"] = identity,
            ["step"] = state.Step.ToString(CultureInfo.InvariantCulture),
            ["trainer"] = JsonSerializer.Serialize(state, Json),
            ["optimizer_steps"] = JsonSerializer.Serialize(steps),
        };
        SafeTensors.Save(path, tensors, metadata, checksum: true);
    }

    /// <summary>Checks the whole checkpoint against this run and model first, then restores the model,
    /// the optimizer and libtorch's generator; a checkpoint that does not fit changes nothing.</summary>
    public static TrainerState Load(string path, TransformerLM model, AdamW optimizer, IReadOnlyList<string> parameterNames, string identity)
    {
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(path);
        try
        {
            if (metadata.GetValueOrDefault("kind") != Kind)
                throw new MnemoException($"{path}: not a mnemo training checkpoint (a model file? training checkpoints are written by mnemo train as checkpoint.safetensors)");
            var state = ReadState(path, metadata);
            Dictionary<string, long> steps;
            try { steps = JsonSerializer.Deserialize<Dictionary<string, long>>(metadata.GetValueOrDefault("optimizer_steps") ?? "") ?? []; }
            catch (JsonException) { throw new MnemoException($"{path}: corrupt checkpoint metadata (optimizer_steps)"); }

            ModelCheckpoint.Check(model, tensors.Where(kv => kv.Key.StartsWith(ModelPrefix, StringComparison.Ordinal)).ToDictionary(), ModelPrefix, path);
            var states = AdamStates(optimizer, parameterNames, path);
            foreach (var (name, s) in states)
            {
                foreach (var (slot, target) in Slots(s))
                {
                    var key = $"optimizer/{name}/{slot}";
                    if (!tensors.TryGetValue(key, out var saved))
                        throw new MnemoException($"{path}: checkpoint lacks optimizer tensor '{key}' (saved from a different model shape?)");
                    if (!saved.shape.SequenceEqual(target.shape))
                        throw new MnemoException($"{path}: optimizer tensor '{key}' has shape [{string.Join(", ", saved.shape)}], the model expects [{string.Join(", ", target.shape)}] (checkpoint from a different model shape)");
                }
                if (!steps.ContainsKey(name)) throw new MnemoException($"{path}: corrupt checkpoint metadata (no optimizer step for '{name}')");
            }
            if (!tensors.TryGetValue(RngKey, out var rng) || rng.dtype != ScalarType.Byte)
                throw new MnemoException($"{path}: checkpoint lacks the random generator state '{RngKey}'");
            if (metadata.GetValueOrDefault("identity") != identity)
                throw new MnemoException($"{path}: this checkpoint belongs to a run with a different config (task, format, model or training settings changed); delete it to start that run over");

            ModelCheckpoint.CopyInto(model, tensors, ModelPrefix);
            using (no_grad())
                foreach (var (name, s) in states)
                {
                    foreach (var (slot, target) in Slots(s)) target.copy_(tensors[$"optimizer/{name}/{slot}"]);
                    s.step = steps[name];
                }
            // under the lock that model initialization holds: a parallel trial being built meanwhile keeps its seed
            try { TorchRuntime.Seeded(0, () => { set_rng_state(rng); return 0; }); }
            catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or ArgumentException)
            {
                throw new MnemoException($"{path}: the saved random generator state does not fit this libtorch ({e.Message.Split('\n')[0]})");
            }
            return state;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>The loop state of a checkpoint, reading and checking the whole file.</summary>
    public static TrainerState Peek(string path)
    {
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(path);
        foreach (var t in tensors.Values) t.Dispose();
        if (metadata.GetValueOrDefault("kind") != Kind) throw new MnemoException($"{path}: not a mnemo training checkpoint");
        return ReadState(path, metadata);
    }

    private static TrainerState ReadState(string path, Dictionary<string, string> metadata)
    {
        try
        {
            var state = JsonSerializer.Deserialize<TrainerState>(metadata.GetValueOrDefault("trainer") ?? "", Json)
                        ?? throw new JsonException("empty");
            if (state.Step < 0 || state.Tokens < 0) throw new JsonException("negative step");
            return state;
        }
        catch (JsonException) { throw new MnemoException($"{path}: corrupt checkpoint metadata (trainer state)"); }
    }

    private static List<(string Name, AdamW.State State)> AdamStates(AdamW optimizer, IReadOnlyList<string> names, string path)
    {
        var states = optimizer.state_dict().State;
        if (states.Count != names.Count || states.Any(s => s is not AdamW.State))
            throw new MnemoException($"{path}: optimizer has {states.Count} parameter states for {names.Count} parameters");
        return names.Zip(states.Cast<AdamW.State>()).ToList();
    }

    private static IEnumerable<(string Slot, Tensor Target)> Slots(AdamW.State s)
    {
        yield return ("exp_avg", s.exp_avg);
        yield return ("exp_avg_sq", s.exp_avg_sq);
        if (s.max_exp_avg_sq is not null) yield return ("max_exp_avg_sq", s.max_exp_avg_sq);
    }
}
