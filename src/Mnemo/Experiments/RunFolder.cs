using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Experiments;

/// <summary>The files of one trained model, and how far the run got: <see cref="IsTrained"/> once the
/// model and training.json exist, <see cref="IsFinished"/> once results.csv exists too; a folder with a
/// config.json but no model is a partial run, continued from <see cref="Checkpoint"/> when there is one.</summary>
public sealed class RunFolder(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public string Config => Combine("config.json");
    public string Vocabulary => Combine("vocab.json");
    public string Model => Combine("model.safetensors");
    public string Metrics => Combine("metrics.jsonl");
    public string Training => Combine("training.json");
    public string Results => Combine("results.csv");
    /// <summary>Where the wall time of the process that finished the run went (<see cref="TrialTimings"/>).</summary>
    public string Timings => Combine(TrialTimings.FileName);
    /// <summary>The resumable training checkpoint (model, optimizer, step, RNG); removed once the run is trained.</summary>
    public string Checkpoint => Combine("checkpoint.safetensors");
    private string LockFile => Combine(".lock");

    /// <summary>Every name Mnemo writes or deletes directly in a run folder.</summary>
    public static readonly IReadOnlyList<string> Files =
        ["config.json", "vocab.json", "model.safetensors", "metrics.jsonl", "training.json", "results.csv", TrialTimings.FileName, "checkpoint.safetensors", ".lock", "attribution", ResumeChanges.FileName];

    public bool HasRun => File.Exists(Config);
    public bool IsTrained => File.Exists(Model) && File.Exists(Training);
    public bool IsFinished => IsTrained && File.Exists(Results);

    /// <summary>A process holds <see cref="Lock"/> on this folder right now.</summary>
    public bool IsBusy
    {
        get
        {
            if (!File.Exists(LockFile)) return false;
            try { using var probe = new FileStream(LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None); return false; }
            catch (IOException) { return true; }
            catch (UnauthorizedAccessException) { return false; }
        }
    }

    public static RunFolder Existing(string path)
    {
        var folder = new RunFolder(path);
        if (File.Exists(folder.Path)) throw new MnemoException($"{path}: is a file, not a run folder");
        if (!Directory.Exists(folder.Path)) throw new MnemoException($"{path}: run folder not found");
        if (!File.Exists(folder.Config)) throw new MnemoException($"{path}: not a run folder (no config.json)");
        return folder;
    }

    /// <summary>Creates the folder (and its parents), or says in one line why it cannot be written.</summary>
    public void Create() => OutputFolder.Create(Path);

    /// <summary>Holds the folder for this process until disposed, so that two processes never train the same
    /// run at once (an OS lock on <c>.lock</c>: a killed process releases it).</summary>
    /// <remarks>The lock is the kernel's (flock), so a dead holder never leaves it behind; a holder that is
    /// dying right now (a trial process killed with its sweep) gets <see cref="LockGrace"/> to let go.</remarks>
    public IDisposable Lock()
    {
        var deadline = DateTime.UtcNow + LockGrace;
        while (true)
        {
            try { return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException e)
            {
                if (DateTime.UtcNow < deadline) { Thread.Sleep(100); continue; }
                throw new MnemoException($"{Path}: in use by another mnemo process ({e.Message.Split('\n')[0]}); wait for it to finish or stop it");
            }
        }
    }

    private static readonly TimeSpan LockGrace = TimeSpan.FromSeconds(2);

    /// <summary>Deletes temporary files a killed writer left behind (<see cref="AtomicFile"/> writes
    /// <c>.NAME.PID-GUID.tmp</c> and renames it). Call only while holding <see cref="Lock"/>.</summary>
    public void RemoveTemporaries()
    {
        foreach (var temp in Directory.EnumerateFiles(Path, ".*.tmp").Where(t => AtomicFile.IsTemporary(System.IO.Path.GetFileName(t))))
            File.Delete(temp);
    }

    /// <summary>Throws unless this folder's config.json describes <paramref name="config"/>: a folder is
    /// never continued or skipped for a different run. <c>training.threads</c> and
    /// <c>training.checkpoint_every</c> may differ (they do not change what is trained).</summary>
    public void RequireSameRun(RunConfig config)
    {
        var saved = ConfigFiles.LoadRun(Config);
        var difference = FirstDifference(Comparable(saved), Comparable(config), "");
        if (difference is { } d)
            throw new MnemoException(
                $"{Path}: holds a run with a different config ({d.Field}: {d.Saved} here, {d.Wanted} now); choose another output folder, or delete this one to retrain it");
    }

    private static JsonNode? Comparable(RunConfig c) =>
        JsonSerializer.SerializeToNode(c with { Training = c.Training with { Threads = 0, CheckpointEvery = 0 } }, ConfigFiles.Json);

    private static (string Field, string Saved, string Wanted)? FirstDifference(JsonNode? saved, JsonNode? wanted, string at)
    {
        if (saved is JsonObject a && wanted is JsonObject b)
        {
            foreach (var key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)))
                if (FirstDifference(a[key], b[key], at == "" ? key : $"{at}.{key}") is { } d) return d;
            return null;
        }
        string Text(JsonNode? n) => n?.ToJsonString() ?? "absent";
        return JsonNode.DeepEquals(saved, wanted) ? null : (at, Text(saved), Text(wanted));
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
