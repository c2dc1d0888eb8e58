using Mnemo.Formats;

namespace Mnemo.Tests.Formats;

public class FormatsDocumentTests
{
    /// <summary>The committed docs/formats.md is exactly what the generator writes now. To update it
    /// after changing a format, run this test with MNEMO_WRITE_DOCS=1.</summary>
    [Fact]
    public void The_committed_document_matches_the_generator()
    {
        var path = Path.Combine(RepositoryRoot.Path, FormatsDocument.RelativePath);
        var expected = FormatsDocument.Render();
        if (Environment.GetEnvironmentVariable("MNEMO_WRITE_DOCS") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), $"{path} is missing: run this test with MNEMO_WRITE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(path).Replace("\r\n", "\n"));
    }

    [Fact]
    public void The_document_shows_every_format_of_every_task()
    {
        var doc = FormatsDocument.Render();
        foreach (var name in Mnemo.Tasks.TaskRegistry.Names)
            foreach (var format in FormatRegistry.NamesFor(Mnemo.Tasks.TaskRegistry.Create(name)))
                Assert.Contains($"--task {name} --format {format} ", doc);
    }
}
