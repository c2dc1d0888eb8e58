using System.Text.Json;

namespace Mnemo.Experiments;

/// <summary>Appends one JSON object per line, each written whole and flushed, so a kill never leaves a
/// half line behind for a reader to trip on.</summary>
public sealed class JsonLines(string path) : IDisposable
{
    private static readonly JsonSerializerOptions Compact = new(ConfigFiles.Json) { WriteIndented = false };
    private readonly FileStream stream = new(path, FileMode.Append, FileAccess.Write, FileShare.Read);

    public void Append<T>(T record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Compact);
        stream.Write([.. bytes, (byte)'\n']);
        stream.Flush();
    }

    public void Dispose() => stream.Dispose();
}
