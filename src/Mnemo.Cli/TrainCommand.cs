using System.CommandLine;
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
        var modelPath = new Option<string?>("--model-path") { Description = $"Fine-tune this local Hugging Face checkpoint folder (config.json, model.safetensors, tokenizer.json; {string.Join(", ", Mnemo.Pretrained.HfArchitecture.Supported)}) instead of training from scratch: same as --set pretrained.path=DIR" };
        var saveHf = new Option<string?>("--save-hf") { Description = "After training a pretrained model, also write it in the Hugging Face layout (config.json, model.safetensors, tokenizer.json) into this folder: a new one, or one Mnemo wrote (marked by mnemo-export.json)" };
        var set = SharedOptions.Set();
        var force = SharedOptions.Force("--out or --save-hf");
        var command = new Command("train", "Train one model (one format, scheme and seed of an experiment file) into a run folder, or continue a stopped one with --resume")
            { config, format, scheme, seed, output, resume, modelPath, saveHf, set, force };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            SingleRun run;
            var hfOut = parse.GetValue(saveHf);
            if (parse.GetValue(resume) is { } resumeDir)
            {
                if (parse.GetValue(config) is not null || parse.GetValue(output) is not null || parse.GetValue(format) is not null
                    || parse.GetValue(scheme) is not null || parse.GetValue(seed) is not null || parse.GetValue(modelPath) is not null)
                    throw new MnemoException($"--resume: continues a run with the config.json of its folder; drop --config, --out, --format, --scheme, --seed and --model-path (--set changes only {string.Join(", ", ResumeChanges.Allowed)})");
                run = SingleRun.Resume(resumeDir, parse.GetValue(set) ?? []);
                if (run.IsTrained)
                {
                    Console.WriteLine($"{run.Folder.Path}: already trained ({run.Summary.Steps} steps); nothing to resume");
                    if (hfOut is not null)
                    {
                        run.SaveHuggingFace(hfOut, parse.GetValue(force));
                        Console.WriteLine($"saved in the Hugging Face layout → {Path.GetFullPath(hfOut)}");
                    }
                    return 0;
                }
                if (!run.HasCheckpoint)
                    Console.WriteLine($"{run.Folder.Path}: stopped before its first checkpoint; training from the start");
            }
            else
            {
                var file = parse.GetValue(config) ?? throw new MnemoException("--config: give the experiment file (or --resume RUN_DIR to continue a stopped run)");
                var dir = parse.GetValue(output) ?? throw new MnemoException("--out: give the run folder to create (or --resume RUN_DIR to continue a stopped run)");
                string[] overrides = [.. parse.GetValue(set) ?? [], .. parse.GetValue(modelPath) is { } path ? [$"pretrained.path={path}"] : Array.Empty<string>()];
                var experiment = ConfigFiles.LoadExperiment(file, overrides);
                ForeignFolder.Check(Path.GetFullPath(dir), "config.json", RunFolder.Files, parse.GetValue(force), "run");
                run = SingleRun.Create(TrialSelection.Pick(experiment, parse.GetValue(format), parse.GetValue(scheme), parse.GetValue(seed)), dir);
            }
            run.Prepare(hfOut, parse.GetValue(force), Console.WriteLine);
            foreach (var change in run.Changes)
                Console.WriteLine($"[{run.Trial.RunName}] {change.Field}: {change.From?.ToJsonString()} → {change.To?.ToJsonString()} from the checkpoint on (recorded in {ResumeChanges.FileName})");
            var summary = CliErrors.WithCtrlC($"mnemo train --resume {Quote(run.Folder.Path)}", cancel => ConsoleDisplay.Show(display => run.Train(display,
                step => Console.WriteLine($"[{run.Trial.RunName}] resuming from the checkpoint at step {step}"), cancel), evaluates: false));
            Console.WriteLine($"trained {run.Trial.RunName}: {summary.Steps} steps, {summary.Seconds:0}s, held-out exact {summary.HeldOutExact:P0} → {run.Folder.Path}");
            if (hfOut is not null)
            {
                run.SaveHuggingFace(hfOut, parse.GetValue(force));
                Console.WriteLine($"saved in the Hugging Face layout → {Path.GetFullPath(hfOut)}");
            }
            return 0;
        }, (ResumeChanges.Input, set), (InputName.Output, output), (InputName.Force, force), (Mnemo.Pretrained.HfCheckpointWriter.Folder, saveHf), (TrialSelection.Format, format)));
        return command;
    }

    private static string Quote(string word) => SweepCommand.Quote(word);
}
