namespace Mnemo.Tests;

/// <summary>The checkout the tests were built from, for files that live beside the code (docs, CI scripts).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Mnemo.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Mnemo.slnx above {AppContext.BaseDirectory}");
    }
}
