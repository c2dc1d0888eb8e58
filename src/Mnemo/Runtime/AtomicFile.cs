namespace Mnemo;

/// <summary>Writes a file so that a reader, or a kill at any instant, sees either the old content or
/// the new one, never half of it: write a temporary file beside it, flush it to disk, rename.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        // unique per writer: processes on different machines (Slurm tasks on a shared disk) can share a pid
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>A temporary file that <see cref="Write"/> leaves behind when its process is killed:
    /// <c>.NAME.PID-GUID.tmp</c>.</summary>
    public static bool IsTemporary(string fileName) =>
        System.Text.RegularExpressions.Regex.IsMatch(fileName, @"^\..+\.[0-9]+-[0-9a-f]{32}\.tmp$");

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });
}
