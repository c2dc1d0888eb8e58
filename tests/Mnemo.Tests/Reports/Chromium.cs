using System.Diagnostics;

namespace Mnemo.Tests.Reports;

/// <summary>Debian's headless Chromium for the report test. A fresh machine does not have it: when it is
/// missing and this process is root with apt-get, the first test that needs it installs it (once per
/// test run, <c>apt-get install --no-install-recommends chromium</c>, about 40 s and 116 MB of packages);
/// otherwise <see cref="ChromiumFactAttribute"/> skips the test and says why.</summary>
public static class Chromium
{
    public const string Binary = "/usr/bin/chromium";
    private const string AptGet = "/usr/bin/apt-get";

    /// <summary>Why the browser cannot be had here, or null when it is installed or can be.</summary>
    public static string? Unavailable =>
        File.Exists(Binary) ? null
        : !File.Exists(AptGet) ? $"{Binary} is missing and there is no apt-get to install it (Debian: apt-get install chromium)"
        : !Environment.IsPrivilegedProcess ? $"{Binary} is missing and only root can install it (as root: apt-get install chromium)"
        : null;

    private static readonly Lazy<string> Installation = new(Install);

    /// <summary>Installs the browser if needed (once) and says how it came to be there.</summary>
    public static string Ensure() => Installation.Value;

    private static string Install()
    {
        if (File.Exists(Binary)) return $"{Binary} was installed already";
        var clock = Stopwatch.StartNew();
        // wait for another apt-get (a parallel test's) rather than fail on its lock
        string[] install = ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"];
        var first = Run(AptGet, install, TimeSpan.FromMinutes(15));
        if (first.Exit != 0)
        {
            // a machine whose package lists were never fetched does not know the package yet
            var update = Run(AptGet, ["-o", "DPkg::Lock::Timeout=600", "update"], TimeSpan.FromMinutes(10));
            var second = Run(AptGet, install, TimeSpan.FromMinutes(15));
            if (second.Exit != 0)
                throw new InvalidOperationException($"apt-get install chromium failed (exit {second.Exit}; update exit {update.Exit}):\n{Tail(second.Out + second.Err)}");
        }
        if (!File.Exists(Binary)) throw new InvalidOperationException($"apt-get install chromium succeeded, yet {Binary} is missing");
        return $"installed chromium with apt-get in {clock.Elapsed.TotalSeconds:0} s";
    }

    /// <summary>Loads <paramref name="page"/> headless, saves a screenshot of the window, and returns the
    /// DOM after load and the browser's log (console messages of the page included).</summary>
    /// <param name="settle">Let the page's scripts and image decoding run this long (virtual time) before the DOM is dumped.</param>
    public static (string Dom, string Log) Load(string page, string screenshot, int width, int height, int settleMilliseconds = 0)
    {
        Ensure();
        var profile = Directory.CreateTempSubdirectory("mnemo-chromium-profile-").FullName;
        try
        {
            var (exit, dom, log) = Run(Binary, [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                "--dump-dom", $"--screenshot={screenshot}", $"--window-size={width},{height}",
                .. settleMilliseconds > 0 ? [$"--virtual-time-budget={settleMilliseconds}"] : Array.Empty<string>(), new Uri(page).AbsoluteUri,
            ], TimeSpan.FromMinutes(3));
            if (exit != 0) throw new InvalidOperationException($"chromium exited with {exit}:\n{Tail(log)}");
            return (dom, log);
        }
        finally { Directory.Delete(profile, recursive: true); }
    }

    private static (int Exit, string Out, string Err) Run(string program, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout.TotalMinutes:0} minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(20));
}

/// <summary>A test that needs <see cref="Chromium"/>: skipped, with the reason, where it can be neither
/// found nor installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Unavailable is { } reason) Skip = reason;
    }
}
