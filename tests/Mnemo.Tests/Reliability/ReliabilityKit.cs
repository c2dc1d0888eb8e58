using System.Security.Cryptography;
using System.Text;
using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Formats;
using Mnemo.Models;
using Mnemo.Training;

namespace Mnemo.Tests.Reliability;

/// <summary>The reliability tests swap the process's Console writers and set libtorch's thread count, so
/// they run one at a time and never next to another test class.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "reliability";
}

/// <summary>Tiny runs, the real CLI in-process, and folder fingerprints.</summary>
public static class ReliabilityKit
{
    /// <summary>A valid experiment file small enough to train in a second or two.</summary>
    public const string TinyYaml = """
        name: tiny
        task: parity
        formats: [scratchpad]
        seeds: [0]
        model: {layers: 1, d_model: 32, heads: 2, mlp_width: 64}
        training: {min_length: 2, max_length: 5, steps: 30, batch_size: 16, warmup_steps: 5, eval_every: 15, eval_examples: 32, stop_after_perfect_checks: 0, log_every: 5, threads: 1, checkpoint_every: 10, learning_rate: 0.003}
        evaluation: {lengths: [3, 6], examples_per_length: 16, batch_size: 16}
        """;

    public static RunConfig TinyRun(int steps, int checkpointEvery = 10) => new()
    {
        Task = "parity",
        Format = "scratchpad",
        Seed = 3,
        FormatOptions = new FormatOptions(),
        Model = new ModelConfig { Layers = 1, DModel = 32, Heads = 2, MlpWidth = 64 },
        Training = new TrainingConfig
        {
            MinLength = 2, MaxLength = 5, Steps = steps, BatchSize = 16, LearningRate = 3e-3, WarmupSteps = 5,
            EvalEvery = 10, EvalExamples = 32, StopAfterPerfectChecks = 0, LogEvery = 5, Threads = 1, CheckpointEvery = checkpointEvery,
        },
        Evaluation = new EvaluationConfig { Lengths = [3, 6], ExamplesPerLength = 16, BatchSize = 16 },
    };

    private static readonly Lock Gate = new();

    /// <summary>Runs the real command tree in this process: (exit code, stdout, stderr).</summary>
    public static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try { return (Mnemo.Cli.Program.Run(args), o.ToString(), e.ToString()); }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }

    /// <summary>A sweep of two tiny trials that train until stopped (100,000 steps), run two at a time by
    /// <c>mnemo sweep Yaml --out Dir --parallel 2</c>: its file in <paramref name="root"/>, its output folder and
    /// the trials' run folders.</summary>
    public static (string Yaml, string Dir, List<Mnemo.Experiments.RunFolder> Folders) EndlessParallelSweep(string root)
    {
        var yaml = Path.Combine(root, "long.yaml");
        File.WriteAllText(yaml, TinyYaml.Replace("steps: 30,", "steps: 100000,").Replace("seeds: [0]", "seeds: [0, 1]"));
        var dir = Path.Combine(root, "sweep");
        return (yaml, dir, [.. new[] { "scratchpad-learned-s0", "scratchpad-learned-s1" }.Select(r => new Mnemo.Experiments.RunFolder(Path.Combine(dir, r)))]);
    }

    /// <summary>How to start the built <c>mnemo</c> as a child process, output captured, one libtorch thread.</summary>
    public static System.Diagnostics.ProcessStartInfo MnemoProcess(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mnemo"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        return info;
    }

    /// <summary>Runs the built <c>mnemo</c> as a child process, as a user does: (exit code, stdout, stderr).</summary>
    public static (int Exit, string Out, string Err) Process(string workingDirectory, params string[] args)
    {
        var info = MnemoProcess(args);
        info.WorkingDirectory = workingDirectory;
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"mnemo {string.Join(' ', args)} did not finish within 120 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A digest of every file under <paramref name="dir"/> (names, hidden files included, and bytes).</summary>
    public static string Fingerprint(string dir)
    {
        if (!Directory.Exists(dir)) return "absent";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(dir, path) + "\0"));
            // the bytes of regular files only: reading a FIFO would wait for a writer
            if (File.Exists(path) && new Mono.Unix.UnixFileInfo(path).FileType == Mono.Unix.FileTypes.RegularFile)
                hash.AppendData(File.ReadAllBytes(path));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    /// <summary>The raw bytes of every tensor of a safetensors file, by name.</summary>
    public static Dictionary<string, byte[]> TensorBytes(string path)
    {
        var tensors = Mnemo.Checkpoints.SafeTensors.Load(path);
        try { return tensors.ToDictionary(kv => kv.Key, kv => kv.Value.bytes.ToArray()); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }
}
