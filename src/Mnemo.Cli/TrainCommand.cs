using System.CommandLine;
using Mnemo.Checkpoints;
using Mnemo.Experiments;

namespace Mnemo.Cli;

/// <summary><c>mnemo train</c>: one model from one trial of an experiment file, or <c>--resume</c> of a
/// stopped run from its last checkpoint.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Experiment file (YAML or JSON) with the settings (not with --resume)" };
        var format = new Option<string?>("--format") { Description = "Which of the file's formats to train (required when it lists several)" };
        var scheme = new Option<string?>("--scheme") { Description = "Positional scheme: learned, sinusoidal, rope, alibi, none (default: the file's)" };
        var seed = new Option<int?>("--seed") { Description = "Model-initialization seed (the data seed is derived from it; default: the file's first)" };
        var output = new Option<string?>("--out") { Description = "Run folder to create: config.json, vocab.json, metrics.jsonl, checkpoint.safetensors while training, model.safetensors, training.json" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint, with its own config.json (instead of --config/--out)" };
        var modelPath = new Option<string?>("--model-path") { Description = $"Fine-tune this local Hugging Face checkpoint folder (config.json, model.safetensors, tokenizer.json; {string.Join(", ", Mnemo.Pretrained.HfArchitecture.Supported)}) instead of training from scratch: same as --set model.pretrained=DIR" };
        var saveHf = new Option<string?>("--save-hf") { Description = "After training a pretrained model, also write it in the Hugging Face layout (config.json, model.safetensors, tokenizer.json) into this folder" };
        var set = SharedOptions.Set();
        var command = new Command("train", "Train one model (one format, scheme and seed of an experiment file) into a run folder, or continue a stopped one with --resume")
            { config, format, scheme, seed, output, resume, modelPath, saveHf, set };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            RunFolder folder;
            RunConfig trial;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                if (parse.GetValue(config) is not null || parse.GetValue(output) is not null || parse.GetValue(format) is not null
                    || parse.GetValue(scheme) is not null || parse.GetValue(seed) is not null || parse.GetValue(set) is { Length: > 0 }
                    || parse.GetValue(modelPath) is not null)
                    throw new MnemoException("--resume: continues a run with the config.json of its folder; drop --config, --out, --format, --scheme, --seed, --model-path and --set");
                folder = RunFolder.Existing(resumeDir);
                trial = ConfigFiles.LoadRun(folder.Config);
                if (folder.IsTrained)
                {
                    Console.WriteLine($"{folder.Path}: already trained ({TrialRunner.LoadSummary(folder).Steps} steps); nothing to resume");
                    if (parse.GetValue(saveHf) is { } dir)
                    {
                        TrialRunner.SaveHuggingFace(new RunSetup(trial), folder, dir);
                        Console.WriteLine($"saved in the Hugging Face layout → {Path.GetFullPath(dir)}");
                    }
                    return 0;
                }
                if (!File.Exists(folder.Checkpoint))
                    Console.WriteLine($"{folder.Path}: stopped before its first checkpoint; training from the start");
            }
            else
            {
                var file = parse.GetValue(config) ?? throw new MnemoException("--config: give the experiment file (or --resume RUN_DIR to continue a stopped run)");
                var dir = parse.GetValue(output) ?? throw new MnemoException("--out: give the run folder to create (or --resume RUN_DIR to continue a stopped run)");
                string[] overrides = [.. parse.GetValue(set) ?? [], .. parse.GetValue(modelPath) is { } path ? [$"model.pretrained={path}"] : Array.Empty<string>()];
                var experiment = ConfigFiles.LoadExperiment(file, overrides);
                trial = TrialSelection.Pick(experiment, parse.GetValue(format), parse.GetValue(scheme), parse.GetValue(seed));
                folder = new RunFolder(dir);
                if (folder.HasRun)
                    throw new MnemoException($"--out: {dir} already holds a run (config.json); continue it with 'mnemo train --resume {dir}', or choose another folder");
                OutputFolder.Check(folder.Path);
            }
            var setup = new RunSetup(trial);
            trial = setup.Config; // resolved: a pretrained run's architecture (and scheme) is its checkpoint's
            if (setup.Checkpoint is { } checkpoint) Console.WriteLine(checkpoint.Summary(setup.Symbols!, trial.Model));
            TrialRunner.Preflight(setup);
            var hfOut = parse.GetValue(saveHf);
            if (hfOut is not null)
            {
                if (setup.Checkpoint is null) throw new MnemoException("--save-hf: only a run that fine-tunes a pretrained checkpoint (--model-path or model.pretrained) can be saved in the Hugging Face layout");
                OutputFolder.Check(hfOut);
            }
            // resuming: the thread count of the stopped process, so that the run stays bitwise reproducible
            int threads = trial.Training.Threads == 0 && File.Exists(folder.Checkpoint)
                ? TrainingCheckpoint.Peek(folder.Checkpoint).Threads
                : trial.Training.Threads;
            Mnemo.Runtime.TorchRuntime.SetThreads(threads);
            var summary = CliErrors.WithCtrlC(cancel => ConsoleDisplay.Show(display =>
            {
                display.TrialStarted(trial);
                var s = TrialRunner.Train(setup, folder, p => display.Training(trial, p), cancel,
                    step => Console.WriteLine($"[{trial.RunName}] resuming from the checkpoint at step {step}"));
                display.TrialFinished(trial, s);
                return s;
            }));
            Console.WriteLine($"trained {trial.RunName}: {summary.Steps} steps, {summary.Seconds:0}s, held-out exact {summary.HeldOutExact:P0} → {folder.Path}");
            if (hfOut is not null)
            {
                TrialRunner.SaveHuggingFace(setup, folder, hfOut);
                Console.WriteLine($"saved in the Hugging Face layout → {Path.GetFullPath(hfOut)}");
            }
            return 0;
        }));
        return command;
    }
}
