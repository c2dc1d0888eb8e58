using System.Runtime.InteropServices;
using Mnemo.Runtime;

namespace Mnemo.Cli;

/// <summary>Restarts this program in place (execve: same process id, terminal, signals and exit code)
/// with glibc's huge-page switch, which glibc only reads at process start (<see cref="HugePages"/>).</summary>
public static class HugePageRelaunch
{
    /// <summary>Returns only when no restart is needed or it failed: the program then runs as it is.</summary>
    public static void Run(string[] args)
    {
        if (HugePages.RelaunchTunables() is not { } tunables) return;
        // the program running now: the launcher, or the dotnet host that runs mnemo.dll
        if (Environment.ProcessPath is not { } program) return;
        string[] self = Path.GetFileNameWithoutExtension(program) == "dotnet" ? [program, typeof(HugePageRelaunch).Assembly.Location] : [program];
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => (string)e.Key != "GLIBC_TUNABLES")
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"GLIBC_TUNABLES={tunables}")
            .Append($"{HugePages.OptOut}=1"); // never twice, whatever glibc made of the tunable
        execve(program, [.. self, .. args, null], [.. environment, null]);
        // only reached when execve failed: carry on without huge pages
    }

    // LPStr is UTF-8 on Linux
    [DllImport("libc", SetLastError = true)]
    private static extern int execve(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);
}
