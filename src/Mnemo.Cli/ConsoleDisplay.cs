using System.Collections.Concurrent;
using Mnemo.Evaluation;
using Mnemo.Experiments;
using Mnemo.Training;
using Spectre.Console;

namespace Mnemo.Cli;

/// <summary>Shows an experiment's progress: a live bar per trial (step, loss, tokens/s, ETA) on a
/// terminal, plain progress lines when the output is redirected.</summary>
public sealed class ConsoleDisplay : IExperimentObserver
{
    private readonly ConcurrentDictionary<string, ProgressTask> tasks = new();
    /// <summary>Trials an earlier run finished: their summary and results are shown, not "training"/"evaluating".</summary>
    private readonly ConcurrentDictionary<string, bool> reused = new();
    private readonly ProgressContext? context;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private ProgressTask? overall;

    private readonly bool evaluates;

    private ConsoleDisplay(ProgressContext? context, bool evaluates) => (this.context, this.evaluates) = (context, evaluates);

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with a display attached.</summary>
    /// <param name="evaluates">Evaluation follows training (a sweep), so a trained trial says "evaluating".</param>
    public static T Show<T>(Func<ConsoleDisplay, T> work, bool evaluates = true)
    {
        if (!Interactive) return work(new ConsoleDisplay(null, evaluates));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => result = work(new ConsoleDisplay(ctx, evaluates)));
        return result;
    }

    /// <summary>The sweep's own bar above the trials' (its ETA from the trials finished so far).</summary>
    public void TrialsDone(int done, int total)
    {
        if (total <= 1) return;
        if (context is null)
        {
            if (done == 0) return;
            var eta = done < total ? $", about {TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / done * (total - done)):hh\\:mm\\:ss} left" : "";
            Console.WriteLine($"[sweep] {done}/{total} trials done in {clock.Elapsed:hh\\:mm\\:ss}{eta}");
            return;
        }
        overall ??= context.AddTask("sweep", maxValue: total);
        overall.Description = Markup.Escape($"sweep: {done}/{total} trials done");
        overall.Value = done;
    }

    public void TrialSkipped(RunConfig trial) => reused[trial.RunName] = true;

    public void TrialStarted(RunConfig trial)
    {
        if (context is not null) tasks[trial.RunName] = context.AddTask(Markup.Escape(trial.RunName), maxValue: trial.Training.Steps);
        else if (!reused.ContainsKey(trial.RunName)) Console.WriteLine($"[{trial.RunName}] training ({trial.Training.Steps} steps at most)");
    }

    public void Training(RunConfig trial, TrainingProgress p)
    {
        var line = $"step {p.Step}/{p.TotalSteps} loss {p.Loss:0.0000} {p.TokensPerSecond / 1000:0.0}k tok/s" +
                   (p.HeldOutExact is { } e ? $" held-out exact {e:P0}" : "");
        if (context is null)
        {
            if (p.HeldOutExact is not null) Console.WriteLine($"[{trial.RunName}] {line} ({p.ElapsedSeconds:0}s)");
            return;
        }
        var task = tasks[trial.RunName];
        task.Description = Markup.Escape($"{trial.RunName} {line}");
        task.Value = p.Step;
    }

    public void TrialFinished(RunConfig trial, TrainingSummary s)
    {
        bool earlier = reused.ContainsKey(trial.RunName);
        var line = $"{(earlier ? "trained earlier" : "trained")}: {s.Steps} steps in {s.Seconds:0}s, {s.TokensPerSecond / 1000:0.0}k tok/s, {s.Parameters:N0} parameters, held-out exact {s.HeldOutExact:P0}" + (evaluates && !earlier ? "; evaluating" : "");
        if (context is null) Console.WriteLine($"[{trial.RunName}] {line}");
        else
        {
            var task = tasks[trial.RunName];
            task.Description = Markup.Escape($"{trial.RunName} {line}");
            task.Value = task.MaxValue;
        }
    }

    public void Evaluated(RunConfig trial, LengthResult r)
    {
        if (context is null) Console.WriteLine($"[{trial.RunName}] length {r.Length}: exact match {r.Accuracy:P1} of {r.Examples}");
    }
}
