using Mnemo.Models;
using static TorchSharp.torch;

namespace Mnemo.Checkpoints;

/// <summary>A model's parameters as safetensors, named as in the module tree.</summary>
public static class ModelCheckpoint
{
    public static void Save(TransformerLM model, string path) =>
        SafeTensors.Save(path, model.state_dict(), new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "mnemo" });

    /// <summary>Loads parameters into a model of the same shape; a missing, extra or differently shaped
    /// tensor is a clear error (a checkpoint from another model).</summary>
    public static void Load(TransformerLM model, string path)
    {
        var tensors = SafeTensors.Load(path);
        try
        {
            var expected = model.state_dict();
            foreach (var (name, t) in expected)
            {
                if (!tensors.TryGetValue(name, out var loaded))
                    throw new MnemoException($"{path}: checkpoint lacks tensor '{name}' (saved from a different model shape?)");
                if (!loaded.shape.SequenceEqual(t.shape))
                    throw new MnemoException($"{path}: tensor '{name}' has shape [{string.Join(", ", loaded.shape)}], the model expects [{string.Join(", ", t.shape)}] (checkpoint from a different model shape)");
            }
            if (tensors.Keys.FirstOrDefault(k => !expected.ContainsKey(k)) is { } extra)
                throw new MnemoException($"{path}: checkpoint has tensor '{extra}' that this model does not (saved from a different model shape?)");
            using var _ = no_grad();
            foreach (var (name, t) in expected) t.copy_(tensors[name].to(t.dtype));
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
