namespace Mnemo.Cli;

/// <summary>How another process starts this program: for Slurm tasks and for parallel trials.</summary>
public static class SelfCommand
{
    /// <summary>The native launcher beside mnemo.dll, else dotnet mnemo.dll.</summary>
    public static IReadOnlyList<string> Mnemo()
    {
        var dll = typeof(SelfCommand).Assembly.Location;
        var launcher = Path.ChangeExtension(dll, null);
        return File.Exists(launcher) ? [launcher] : ["dotnet", dll];
    }
}
