namespace Mnemo.Tests;

/// <summary>Files of this repository, for tests that check what is committed (docs, experiment files).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Mnemo.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Mnemo.slnx above {AppContext.BaseDirectory}");
    }
}
