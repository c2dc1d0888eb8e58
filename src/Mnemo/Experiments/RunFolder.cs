namespace Mnemo.Experiments;

/// <summary>The files of one trained model.</summary>
public sealed class RunFolder(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Config => Combine("config.json");
    public string Vocabulary => Combine("vocab.json");
    public string Model => Combine("model.safetensors");
    public string Metrics => Combine("metrics.jsonl");
    public string Training => Combine("training.json");
    public string Results => Combine("results.csv");

    public bool IsTrained => File.Exists(Model) && File.Exists(Training);

    public static RunFolder Existing(string path)
    {
        var folder = new RunFolder(path);
        if (!Directory.Exists(folder.Path)) throw new MnemoException($"{path}: run folder not found");
        if (!File.Exists(folder.Config)) throw new MnemoException($"{path}: not a run folder (no config.json)");
        return folder;
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
