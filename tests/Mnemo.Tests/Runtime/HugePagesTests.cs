using System.Diagnostics;
using System.Text.Json;
using Mnemo.Runtime;

namespace Mnemo.Tests.Runtime;

public sealed class HugePagesTests
{
    [Theory]
    [InlineData("always [madvise] never\n", true)]
    [InlineData("[always] madvise never\n", true)]
    [InlineData("always madvise [never]\n", false)]
    [InlineData(null, false)]
    public void The_kernel_setting_decides_whether_huge_pages_can_be_had(string? setting, bool allowed) =>
        Assert.Equal(allowed, HugePages.KernelAllows(setting));

    [Theory]
    [InlineData(null, "glibc.malloc.hugetlb=1")]
    [InlineData("", "glibc.malloc.hugetlb=1")]
    [InlineData("glibc.malloc.arena_max=2", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")]
    [InlineData("glibc.malloc.hugetlb=0", null)]
    [InlineData("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2", null)]
    public void The_switch_is_added_to_the_tunables_unless_they_already_set_it(string? existing, string? expected) =>
        Assert.Equal(expected, HugePages.WithTunable(existing));

    [Theory]
    [InlineData("2.36", true)]
    [InlineData("2.35", true)]
    [InlineData("2.34", false)]
    [InlineData("2.31", false)]
    [InlineData(null, false)]
    [InlineData("unknown", false)]
    public void Only_glibc_2_35_and_later_has_the_tunable(string? version, bool supported) =>
        Assert.Equal(supported, HugePages.GlibcSupports(version));

    private static (int Exit, string Out) Bench(bool optOut)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mnemo")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "bench", "--sizes", "tiny", "--steps", "1", "--warmup", "0", "--memory-steps", "0", "--decode-length", "2", "--threads", "1", "--json" })
            start.ArgumentList.Add(a);
        start.Environment.Remove("GLIBC_TUNABLES");
        if (optOut) start.Environment[HugePages.OptOut] = "1";
        else start.Environment.Remove(HugePages.OptOut);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result);
    }

    private static string Allocator(string jsonLine) => JsonDocument.Parse(jsonLine).RootElement.GetProperty("allocator").GetString()!;

    [Fact]
    public void Mnemo_relaunches_itself_with_huge_pages_where_the_machine_has_them_and_not_when_told_not_to()
    {
        // the expectation comes from the machine: Debian 12 (glibc 2.36) with huge pages in madvise mode relaunches
        bool possible = HugePages.KernelAllows(File.Exists("/sys/kernel/mm/transparent_hugepage/enabled") ? File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled") : null)
            && HugePages.GlibcSupports(HugePages.GlibcVersion());

        var relaunched = Bench(optOut: false);
        var here = Bench(optOut: true);

        Assert.Equal(0, relaunched.Exit);
        Assert.Equal(0, here.Exit);
        Assert.Equal(possible ? "huge-pages" : "tuned", Allocator(relaunched.Out.Trim()));
        Assert.Equal("tuned", Allocator(here.Out.Trim()));
    }
}
