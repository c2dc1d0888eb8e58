using System.ComponentModel;
using System.Diagnostics;

namespace Mnemo.Experiments.Slurm;

/// <summary>Runs a program with its arguments passed one by one (no shell, so no quoting to get
/// wrong), and waits for it with a time limit.</summary>
public static class ExternalCommand
{
    /// <summary>Null when the program is not on PATH.</summary>
    public static CommandResult? Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            // Both streams are read concurrently: a child blocked on a full stderr pipe would never exit.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new MnemoException($"{program} did not answer within {timeout.TotalSeconds:0} s");
            }
            return new CommandResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
