using System.Diagnostics;
using Mnemo.Runtime;

namespace Mnemo.Tests.Runtime;

public sealed class OpenMpWaitPolicyTests
{
    [Fact]
    public void The_policy_is_in_the_native_environment_which_dotnet_does_not_show()
    {
        // the test assembly applied it before any test ran (NativeEnvironment); a user's own setting would stand
        string? user = Environment.GetEnvironmentVariable(OpenMpWaitPolicy.WaitPolicy);
        string? userSpins = Environment.GetEnvironmentVariable(OpenMpWaitPolicy.SpinCount);
        Assert.Equal(user ?? (userSpins is null ? OpenMpWaitPolicy.Passive : null), OpenMpWaitPolicy.NativeVariable(OpenMpWaitPolicy.WaitPolicy));
        Assert.Equal(user is null && userSpins is null ? OpenMpWaitPolicy.Outcome.SetPassive : OpenMpWaitPolicy.Outcome.UserChoice, OpenMpWaitPolicy.Apply());
    }

    [Fact]
    public void Libtorch_uses_gnu_openmp_which_this_check_can_see()
    {
        TorchRuntime.EnsureLoaded();
        Assert.True(OpenMpWaitPolicy.OpenMpLoaded(), "libtorch loaded but no libgomp mapped: the wait policy set here would not reach its OpenMP runtime");
    }

    /// <summary>libgomp's own account of its settings (OMP_DISPLAY_ENV=verbose, printed when it loads) in a
    /// real mnemo process: the spin count is what the wait policy sets (libgomp prints OMP_WAIT_POLICY as
    /// 'PASSIVE' also for its spinning default, so the spin count is the check).</summary>
    private static string SpinCountSeenByLibgomp(string? userSpinCount)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mnemo")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "bench", "--sizes", "tiny", "--steps", "1", "--warmup", "0", "--memory-steps", "0", "--decode-length", "2", "--threads", "1", "--json" })
            start.ArgumentList.Add(a);
        start.Environment["OMP_DISPLAY_ENV"] = "verbose";
        start.Environment.Remove(OpenMpWaitPolicy.WaitPolicy);
        if (userSpinCount is null) start.Environment.Remove(OpenMpWaitPolicy.SpinCount);
        else start.Environment[OpenMpWaitPolicy.SpinCount] = userSpinCount;
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        string errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, errors);
        _ = output.Result;
        var line = errors.Split('\n').Single(l => l.Trim().StartsWith("GOMP_SPINCOUNT = ", StringComparison.Ordinal));
        return line.Trim()["GOMP_SPINCOUNT = ".Length..].Trim('\'');
    }

    [Fact]
    public void Mnemo_makes_libgomp_wait_passively_unless_the_user_chose_a_spin_count()
    {
        Assert.Equal("0", SpinCountSeenByLibgomp(null)); // libgomp's default is 300000
        Assert.Equal("300000", SpinCountSeenByLibgomp("300000"));
    }
}
