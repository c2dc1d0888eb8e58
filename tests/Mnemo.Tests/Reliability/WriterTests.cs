using Mnemo.Checkpoints;
using Mnemo.Experiments;
using Mnemo.Tests.Models;

namespace Mnemo.Tests.Reliability;

/// <summary>Every output is written so that a kill leaves whole lines and whole files.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class WriterTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mnemo-writers").FullName;

    public void Dispose() => Directory.Delete(root, true);

    [Fact]
    public void A_writer_that_dies_midway_leaves_the_previous_file_and_no_temporary()
    {
        var path = Path.Combine(root, "results.csv");
        AtomicFile.WriteAllText(path, "old\n");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("new, half"u8);
            throw new IOException("disk gone");
        }));
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Equal(["results.csv"], Directory.GetFiles(root).Select(Path.GetFileName));
    }

    [Fact]
    public void Temporaries_left_by_a_killed_writer_are_removed_when_a_run_folder_is_taken()
    {
        var folder = new RunFolder(Path.Combine(root, "run"));
        folder.Create();
        File.WriteAllText(Path.Combine(folder.Path, $".checkpoint.safetensors.4242-{Guid.NewGuid():N}.tmp"), "half");
        File.WriteAllText(Path.Combine(folder.Path, ".notes.tmp"), "a user's own file: not Mnemo's to delete");
        File.WriteAllText(folder.Config, "{}");
        using (folder.Lock()) folder.RemoveTemporaries();
        Assert.Equal([".notes.tmp", "config.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Where(n => n != ".lock").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_run_folder_is_held_by_one_trainer_at_a_time()
    {
        var folder = new RunFolder(Path.Combine(root, "run"));
        folder.Create();
        using (folder.Lock())
        {
            var error = Assert.Throws<MnemoException>(() => folder.Lock());
            Assert.Contains("in use by another mnemo process", error.Message);
        }
        folder.Lock().Dispose(); // released with its holder
    }

    [Fact]
    public void Metrics_keep_only_whole_lines_up_to_the_checkpoint()
    {
        var path = Path.Combine(root, "metrics.jsonl");
        using (var log = new JsonLines(path))
            foreach (var step in new[] { 10, 20, 30 }) log.Append(new { Step = step, Loss = 0.5 });
        File.AppendAllText(path, """{"step":40,"lo""");
        Assert.Equal(3, JsonLines.ReadComplete(path).Count);

        JsonLines.KeepWhile(path, e => e.GetProperty("step").GetInt32() <= 20);
        Assert.Equal(["""{"step":10,"loss":0.5}""", """{"step":20,"loss":0.5}"""], File.ReadAllLines(path));
        JsonLines.KeepWhile(path, _ => false);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Results_csv_reads_back_what_was_written_and_refuses_a_cut_off_file()
    {
        var path = Path.Combine(root, "results.csv");
        List<ResultRow> rows =
        [
            new("parity", "anchors", "learned", 0, 12, 0.75, 200, 0.9, 3.5, 1, 12, 300, 12.5, 40000),
            new("parity", "anchors", "learned", 0, 24, 1, 200, 1, double.NaN, 1, 12, 300, 12.5, 40000),
        ];
        ResultRow.WriteCsv(path, rows);
        var back = ResultRow.TryReadCsv(path)!;
        Assert.Equal(rows[0], back[0]);
        Assert.True(double.IsNaN(back[1].MeanFirstError));
        File.WriteAllText(path, File.ReadAllText(path)[..^10]);
        Assert.Null(ResultRow.TryReadCsv(path));
    }

    [Fact]
    public void A_damaged_byte_anywhere_in_a_checkpoint_is_caught_by_its_checksum()
    {
        using var model = TinyModels.Create("learned");
        var path = Path.Combine(root, "model.safetensors");
        ModelCheckpoint.Save(model, path);
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x40; // inside the last tensor's data: the header still parses
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MnemoException>(() => ModelCheckpoint.Load(model, path));
        Assert.Contains("checksum", error.Message);
    }
}
