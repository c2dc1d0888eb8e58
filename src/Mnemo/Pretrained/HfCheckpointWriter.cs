using System.Text.Json;
using Mnemo.Checkpoints;
using Mnemo.Models;

namespace Mnemo.Pretrained;

/// <summary>Writes a fine-tuned model back in the layout it came from: config.json (the original, with
/// the new vocabulary size and float32 under whichever dtype keys it has), model.safetensors under the Hugging Face names (one file), and
/// tokenizer.json with the tokens added for the format; the small tokenizer/generation side files are
/// copied unchanged. transformers' from_pretrained reads the folder like the original.</summary>
public static class HfCheckpointWriter
{
    /// <summary>Files of a checkpoint folder that carry over unchanged.</summary>
    private static readonly string[] SideFiles = ["tokenizer_config.json", "special_tokens_map.json", "generation_config.json"];

    /// <summary>The config.json keys that name the dtype of the weights.</summary>
    private static readonly string[] DtypeKeys = ["dtype", "torch_dtype"];

    /// <summary>The folder written to, as errors name it.</summary>
    public static readonly InputName Folder = new("hugging_face_folder");

    /// <summary>Written first into every folder this writes: it marks the folder as Mnemo's, so that writing
    /// it again replaces only Mnemo's own files, while a folder without it is a user's (see Experiments.ForeignFolder).</summary>
    public const string Marker = "mnemo-export.json";

    /// <summary>Every file this writes into a folder.</summary>
    public static IReadOnlyList<string> Files => [Marker, HfCheckpoint.ConfigFile, HfWeights.SingleFile, HfCheckpoint.TokenizerFile, .. SideFiles];

    /// <summary>Refuses to write over the checkpoint being fine-tuned.</summary>
    public static void RequireOtherFolder(HfCheckpoint source, string folder)
    {
        if (Path.GetFullPath(folder).TrimEnd('/') == source.Folder.TrimEnd('/'))
            throw new MnemoException(Folder, $"{folder} is the checkpoint being fine-tuned; choose another folder (its original weights would be overwritten)");
    }

    public static void Save(HfCheckpoint source, TransformerLM model, IReadOnlyList<(int Id, string Content)> newTokens, string folder)
    {
        RequireOtherFolder(source, folder);
        OutputFolder.Create(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, Marker),
            new System.Text.Json.Nodes.JsonObject { ["written_by"] = "mnemo", ["fine_tuned_from"] = source.Folder }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var tensors = source.HfTensors(model);
        try
        {
            SafeTensors.Save(Path.Combine(folder, HfWeights.SingleFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        var config = source.Config.Json.DeepClone().AsObject();
        config["vocab_size"] = model.VocabSize;
        // transformers ≥ 4.56 writes and reads "dtype" first, older versions "torch_dtype": every key the source
        // has names the dtype of the weights written here; a source with neither gets the key every version reads
        var dtypeKeys = DtypeKeys.Where(k => config.ContainsKey(k)).DefaultIfEmpty("torch_dtype").ToList();
        foreach (var key in dtypeKeys) config[key] = "float32";
        AtomicFile.WriteAllText(Path.Combine(folder, HfCheckpoint.ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        source.Tokenizer.Save(Path.Combine(folder, HfCheckpoint.TokenizerFile), newTokens);
        foreach (var name in SideFiles)
        {
            var from = Path.Combine(source.Folder, name);
            if (File.Exists(from) && Path.GetFullPath(folder) != source.Folder) File.Copy(from, Path.Combine(folder, name), overwrite: true);
        }
    }
}
