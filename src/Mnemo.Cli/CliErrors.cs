using System.CommandLine;
using System.Runtime.InteropServices;
using Mnemo.Runtime;

namespace Mnemo.Cli;

/// <summary>Runs a command body: user errors become one line on stderr and exit code 2.</summary>
public static class CliErrors
{
    /// <param name="flags">Which option or argument of the command feeds which input of the library: an error
    /// about that input names it as the user typed it (the library names its own inputs, never flags).</param>
    public static int Guard(Func<int> body, params (InputName Input, Symbol Flag)[] flags)
    {
        try
        {
            TorchRuntime.EnsureLoaded();
            return body();
        }
        catch (MnemoException e)
        {
            var names = flags.ToDictionary(f => f.Input, f => f.Flag.Name);
            Console.Error.WriteLine($"error: {OneLine(e.Render(input => names.GetValueOrDefault(input, input.Name)))}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a disk or permission failure the library did not foresee: still one line, never a stack trace
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return 2;
        }
        catch (StoppedException e)
        {
            Console.Error.WriteLine($"error: stopped; checkpoints are kept: continue with {e.ContinueWith}");
            return 130;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("error: stopped; checkpoints are kept");
            return 130;
        }
        catch (OutOfMemoryException)
        {
            Console.Error.WriteLine("error: out of memory; choose smaller sizes (model, batch, lengths) or a machine with more memory");
            return 2;
        }
    }

    /// <summary>Runs <paramref name="body"/> with a token that the first Ctrl+C cancels (training then writes
    /// a checkpoint and stops); a second Ctrl+C stops the process at once. SIGTERM (kill PID, a parallel sweep
    /// stopping its trials) stops the same way, however often it comes: SIGKILL is there
    /// for "at once".</summary>
    /// <param name="continueWith">The command line that continues the stopped work, named in the message.</param>
    public static T WithCtrlC<T>(string continueWith, Func<CancellationToken, T> body)
    {
        using var cancel = new CancellationTokenSource();
        void Stop(string again)
        {
            lock (cancel)
            {
                if (cancel.IsCancellationRequested) return;
                Console.Error.WriteLine($"stopping after the current step ({again})");
                cancel.Cancel();
            }
        }
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            Stop("Ctrl+C again to stop at once");
        };
        Console.CancelKeyPress += handler;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Stop("SIGTERM; kill -9 to stop at once");
        });
        try { return body(cancel.Token); }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { throw new StoppedException(continueWith); }
        finally { Console.CancelKeyPress -= handler; }
    }

    /// <summary>Ctrl+C stopped the work; <paramref name="ContinueWith"/> is the command that continues it.</summary>
    private sealed class StoppedException(string continueWith) : OperationCanceledException
    {
        public string ContinueWith { get; } = continueWith;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
