using Mnemo.Runtime;

namespace Mnemo.Cli;

/// <summary>Runs a command body: user errors become one line on stderr and exit code 2.</summary>
public static class CliErrors
{
    public static int Guard(Func<int> body)
    {
        try
        {
            TorchRuntime.EnsureLoaded();
            return body();
        }
        catch (MnemoException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("error: cancelled");
            return 130;
        }
    }
}
