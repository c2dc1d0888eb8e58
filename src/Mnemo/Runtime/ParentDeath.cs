using System.Globalization;
using System.Runtime.InteropServices;

namespace Mnemo.Runtime;

/// <summary>Ties a child process to the process that started it: when the parent dies, however it dies
/// (kill -9 included), Linux sends the child SIGKILL (prctl PR_SET_PDEATHSIG). Trial processes of a
/// parallel sweep use it, so a killed sweep leaves no trial training on unseen, holding its run folder;
/// a trial killed this way resumes from its last checkpoint when the sweep is run again.</summary>
public static class ParentDeath
{
    /// <summary>Set by the parent to its process id in the child's environment.</summary>
    public const string Variable = "MNEMO_PARENT_PID";

    private const int PR_SET_PDEATHSIG = 1, SIGKILL = 9;

    /// <summary>The environment entry that asks a child to follow this process.</summary>
    public static KeyValuePair<string, string> ForChild() => new(Variable, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>In a child started with <see cref="ForChild"/>: die with the parent. Exits at once when
    /// the parent is already gone (it died between fork and here).</summary>
    public static void Follow()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), CultureInfo.InvariantCulture, out var parent)) return;
        try
        {
            if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) return;
            if (getppid() != parent) Environment.Exit(137); // as if the signal had come
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc")]
    private static extern int getppid();
}
