using System.Runtime.InteropServices;

namespace Mnemo.Runtime;

/// <summary>
/// How libtorch's OpenMP threads wait for work. The libtorch that TorchSharp ships links GNU OpenMP
/// (its own copy, <c>libgomp-*.so.1</c> beside <c>libtorch_cpu.so</c>; MKL inside it uses the same
/// threads). By default an idle libgomp thread spins for 300,000 rounds before it sleeps. On a machine
/// where other processes compete for the cores, a spinning thread burns the time slice the thread it waits
/// for needs: measured here, a tiny training test took 58 s on 2 threads under load 9–12 and 1 s on one.
/// Passive waiting (<c>OMP_WAIT_POLICY=PASSIVE</c>: sleep at once) removes that collapse.
/// <para>libgomp reads its environment once, when it is loaded (when TorchSharp first loads libtorch), and
/// through the C library's <c>getenv</c>. On Linux .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// changes only .NET's own copy, so <see cref="Apply"/> calls the C library's <c>setenv</c>, and must run
/// before the first TorchSharp call (<c>mnemo</c> does it first thing in <c>Main</c>).</para>
/// <para>A user's own choice stands: when <c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c> is already set,
/// nothing is changed (<c>GOMP_SPINCOUNT=300000</c> restores libgomp's default spinning).</para>
/// </summary>
public static class OpenMpWaitPolicy
{
    public const string WaitPolicy = "OMP_WAIT_POLICY";
    public const string SpinCount = "GOMP_SPINCOUNT";
    public const string Passive = "PASSIVE";

    /// <summary>What <see cref="Apply"/> did.</summary>
    public enum Outcome
    {
        /// <summary>OMP_WAIT_POLICY=PASSIVE set in the native environment before OpenMP was loaded.</summary>
        SetPassive,
        /// <summary>The user set OMP_WAIT_POLICY or GOMP_SPINCOUNT: left as it is.</summary>
        UserChoice,
        /// <summary>OpenMP was already loaded (libtorch used before): setting it now would change nothing.</summary>
        TooLate,
        /// <summary>Not Linux, or no C library to call.</summary>
        Unsupported,
    }

    /// <summary>Sets OMP_WAIT_POLICY=PASSIVE in the native environment unless the user chose otherwise;
    /// call before libtorch loads. Idempotent.</summary>
    public static Outcome Apply()
    {
        if (!OperatingSystem.IsLinux()) return Outcome.Unsupported;
        try
        {
            if (NativeVariable(WaitPolicy) is not null || NativeVariable(SpinCount) is not null)
                return NativeVariable(WaitPolicy) == Passive && Environment.GetEnvironmentVariable(WaitPolicy) is null
                    ? Outcome.SetPassive // set by an earlier call in this process, not by the user
                    : Outcome.UserChoice;
            if (OpenMpLoaded()) return Outcome.TooLate;
            if (setenv(WaitPolicy, Passive, 0) != 0) return Outcome.Unsupported;
            return Outcome.SetPassive;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return Outcome.Unsupported; }
    }

    /// <summary>How OpenMP threads of this process wait, as the native environment says ("threads wait passively", …).</summary>
    public static string Describe()
    {
        if (!OperatingSystem.IsLinux()) return "wait policy: the OpenMP runtime's default";
        try
        {
            if (NativeVariable(SpinCount) is { } spins) return $"{SpinCount}={spins}";
            return NativeVariable(WaitPolicy) switch
            {
                null => "threads spin before they sleep (libgomp's default)",
                var p when p.Equals(Passive, StringComparison.OrdinalIgnoreCase) => "threads wait passively",
                var p => $"{WaitPolicy}={p}",
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return "wait policy: unknown"; }
    }

    /// <summary>A variable as the native code of this process sees it (the C library's <c>getenv</c>),
    /// which can differ from <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public static string? NativeVariable(string name) => Marshal.PtrToStringUTF8(getenv(name));

    /// <summary>True when a GNU OpenMP library is mapped into this process (it has read its environment).</summary>
    public static bool OpenMpLoaded()
    {
        try { return File.ReadLines("/proc/self/maps").Any(line => line.Contains("/libgomp", StringComparison.Ordinal)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
