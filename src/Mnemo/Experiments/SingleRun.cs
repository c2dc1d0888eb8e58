using Mnemo.Training;

namespace Mnemo.Experiments;

/// <summary>One run trained into its folder outside a sweep (<c>mnemo train</c>): a new run of one trial,
/// or a stopped run continued with its folder's own config.json from its last checkpoint; a run that
/// fine-tunes a pretrained checkpoint can then be written in the Hugging Face layout too. Everything that
/// can be checked is checked by <see cref="Prepare"/>, before the first file is written.</summary>
public sealed class SingleRun
{
    private RunSetup? setup;
    private string? huggingFaceFolder;

    private SingleRun(RunFolder folder, RunConfig trial)
    {
        Folder = folder;
        Trial = trial;
    }

    /// <summary>A new run of <paramref name="trial"/> in <paramref name="dir"/>, which must not hold a run yet.</summary>
    public static SingleRun Create(RunConfig trial, string dir)
    {
        var folder = new RunFolder(dir);
        if (folder.HasRun)
            throw new MnemoException(InputName.Output, $"{dir} already holds a run (config.json); continue it with 'mnemo train --resume {dir}', or choose another folder");
        OutputFolder.Check(folder.Path);
        return new SingleRun(folder, trial);
    }

    /// <summary>The run in <paramref name="dir"/>, with the config.json it was started with.</summary>
    /// <param name="changes">Settings to change from the checkpoint on (<c>training.learning_rate=0.0003</c>;
    /// only <see cref="ResumeChanges.Allowed"/>), checked here, recorded when training continues.</param>
    public static SingleRun Resume(string dir, IReadOnlyList<string>? changes = null)
    {
        var folder = RunFolder.Existing(dir);
        var run = new SingleRun(folder, ConfigFiles.LoadRun(folder.Config));
        if (changes is { Count: > 0 })
        {
            run.Changes = ResumeChanges.Parse(ResumeChanges.Effective(run.Trial, folder), changes);
            if (run.IsTrained)
                throw new MnemoException(ResumeChanges.Input, $"{dir} is trained already: there is no checkpoint to continue with other settings; start a new run");
            int done = run.HasCheckpoint ? Checkpoints.TrainingCheckpoint.Peek(folder.Checkpoint).Step : 0;
            if (run.Changes.FirstOrDefault(c => c.Field == "training.steps") is { } steps && steps.To!.GetValue<int>() <= done)
                throw new MnemoException(ResumeChanges.Input, $"training.steps: {steps.To} is not beyond step {done}, where the checkpoint stands; give more steps");
        }
        return run;
    }

    /// <summary>The settings this resume changes (empty: none), each with its value before and after.</summary>
    public IReadOnlyList<ResumeChanges.Change> Changes { get; private set; } = [];

    public RunFolder Folder { get; }

    /// <summary>The run's config; after <see cref="Prepare"/> resolved (a pretrained run's architecture is its checkpoint's).</summary>
    public RunConfig Trial { get; private set; }

    /// <summary>Trained already: nothing to resume.</summary>
    public bool IsTrained => Folder.IsTrained;

    /// <summary>A checkpoint to continue from.</summary>
    public bool HasCheckpoint => File.Exists(Folder.Checkpoint);

    public TrainingSummary Summary => TrialRunner.LoadSummary(Folder);

    /// <summary>Builds the run, checks its positions and <paramref name="saveHuggingFace"/> (a folder for the
    /// Hugging Face layout, or null), and sets the training threads (<see cref="TrainingThreads"/>).</summary>
    /// <param name="loaded">Called with a one-line description of a pretrained checkpoint once it is loaded.</param>
    /// <param name="force">Write into an existing <paramref name="saveHuggingFace"/> folder that Mnemo did not write.</param>
    public void Prepare(string? saveHuggingFace, bool force = false, Action<string>? loaded = null)
    {
        setup = new RunSetup(Trial);
        Trial = setup.Config;
        if (setup.Checkpoint is { } checkpoint) loaded?.Invoke(checkpoint.Summary(setup.Symbols!, Trial.Model));
        TrialRunner.Preflight(setup);
        if (saveHuggingFace is not null) TrialRunner.CheckHuggingFaceFolder(setup, saveHuggingFace, force);
        huggingFaceFolder = saveHuggingFace;
        TrainingThreads.ForRun(Trial, Folder);
    }

    /// <summary>Trains the prepared run, reporting to <paramref name="observer"/>; then writes the Hugging Face
    /// layout when <see cref="Prepare"/> was given a folder for it.</summary>
    /// <param name="resumed">Called with the checkpoint step when training continues a stopped process's work.</param>
    public TrainingSummary Train(IExperimentObserver observer, Action<int> resumed, CancellationToken cancel)
    {
        var prepared = setup ?? throw new InvalidOperationException("Prepare the run first");
        observer.TrialStarted(Trial);
        var summary = TrialRunner.Train(prepared, Folder, p => observer.Training(Trial, p), cancel, resumed, Changes);
        observer.TrialFinished(Trial, summary);
        return summary;
    }

    /// <summary>Writes the trained run in the Hugging Face layout into <paramref name="dir"/> (a pretrained run only).</summary>
    public void SaveHuggingFace(string dir, bool force = false) => TrialRunner.SaveHuggingFace(setup ?? new RunSetup(Trial), Folder, dir, force);
}
