using System.Text;
using System.Text.Json;

namespace Mnemo.Experiments;

/// <summary>Appends one JSON object per line, each written whole (one write of the line and its newline)
/// and flushed, so a reader never sees half a line from a live writer. A writer killed inside that write
/// can still leave a broken last line: <see cref="KeepWhile"/> drops it when a run is resumed.</summary>
public sealed class JsonLines(string path) : IDisposable
{
    private static readonly JsonSerializerOptions Compact = new(ConfigFiles.Json) { WriteIndented = false };
    private readonly FileStream stream = Open(path);

    private static FileStream Open(string path)
    {
        try { return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnemoException($"{path}: cannot append ({e.Message})");
        }
    }

    public void Append<T>(T record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Compact);
        stream.Write([.. bytes, (byte)'\n']);
        stream.Flush();
    }

    public void Dispose() => stream.Dispose();

    /// <summary>The complete lines of a file, parsed, up to the first line that is cut off or not JSON.</summary>
    public static List<JsonElement> ReadComplete(string path)
    {
        var result = new List<JsonElement>();
        if (!File.Exists(path)) return result;
        var text = File.ReadAllText(path, Encoding.UTF8);
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) break; // no newline: a line cut off by a kill
            try
            {
                using var doc = JsonDocument.Parse(text.AsMemory(start, end - start));
                if (doc.RootElement.ValueKind != JsonValueKind.Object) break;
                result.Add(doc.RootElement.Clone());
            }
            catch (JsonException) { break; }
            start = end + 1;
        }
        return result;
    }

    /// <summary>Rewrites the file (atomically) with its leading complete lines for which
    /// <paramref name="keep"/> holds, dropping everything from the first line that fails, is cut off, or is
    /// not JSON; deletes the file when nothing is kept.</summary>
    public static void KeepWhile(string path, Func<JsonElement, bool> keep)
    {
        if (!File.Exists(path)) return;
        var kept = ReadComplete(path).TakeWhile(keep).Select(e => e.GetRawText()).ToList();
        if (kept.Count == 0) { File.Delete(path); return; }
        var text = string.Concat(kept.Select(line => line + "\n"));
        if (text == File.ReadAllText(path, Encoding.UTF8)) return;
        AtomicFile.Write(path, s => s.Write(new UTF8Encoding(false).GetBytes(text)));
    }
}
