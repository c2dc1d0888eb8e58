using Mnemo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Mnemo.Checkpoints;

/// <summary>A model's parameters as safetensors, named as in the module tree, with a checksum of the data
/// in the metadata (Python's <c>safetensors</c> ignores it; we verify it on load).</summary>
public static class ModelCheckpoint
{
    public static void Save(TransformerLM model, string path) =>
        SafeTensors.Save(path, model.state_dict(), new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "mnemo" }, checksum: true);

    /// <summary>Loads parameters into a model of the same shape; a missing, extra or differently shaped
    /// tensor is a clear error (a checkpoint from another model).</summary>
    public static void Load(TransformerLM model, string path)
    {
        var tensors = SafeTensors.Load(path);
        try
        {
            Check(model, tensors, "", path);
            CopyInto(model, tensors, "");
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Throws unless <paramref name="tensors"/> holds, under <paramref name="prefix"/>, exactly the
    /// model's state with the same shapes and dtypes (Mnemo writes what the model holds, so another dtype
    /// means the header was changed: it is refused, never converted). Changes nothing.</summary>
    internal static void Check(nn.Module model, IReadOnlyDictionary<string, Tensor> tensors, string prefix, string path)
    {
        var expected = model.state_dict();
        foreach (var (name, t) in expected)
        {
            if (!tensors.TryGetValue(prefix + name, out var loaded))
                throw new MnemoException($"{path}: checkpoint lacks tensor '{prefix + name}' (saved from a different model shape?)");
            if (!loaded.shape.SequenceEqual(t.shape))
                throw new MnemoException($"{path}: tensor '{prefix + name}' has shape [{string.Join(", ", loaded.shape)}], the model expects [{string.Join(", ", t.shape)}] (checkpoint from a different model shape)");
            if (loaded.dtype != t.dtype)
                throw new MnemoException($"{path}: tensor '{prefix + name}' is stored as {SafeTensors.DtypeName(loaded.dtype)}, but Mnemo writes it as {SafeTensors.DtypeName(t.dtype)}: the file was changed after it was written; it is refused, not converted");
        }
        if (tensors.Keys.FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal) && !expected.ContainsKey(k[prefix.Length..])) is { } extra)
            throw new MnemoException($"{path}: checkpoint has tensor '{extra}' that this model does not (saved from a different model shape?)");
    }

    /// <summary>Copies checked tensors into the model's parameters and buffers, in place.</summary>
    internal static void CopyInto(nn.Module model, IReadOnlyDictionary<string, Tensor> tensors, string prefix)
    {
        using var _ = no_grad();
        foreach (var (name, t) in model.state_dict()) t.copy_(tensors[prefix + name].to(t.dtype));
    }
}
