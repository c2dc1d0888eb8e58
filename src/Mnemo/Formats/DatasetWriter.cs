using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Samples a dataset and writes it as JSON lines. Everything is drawn from one
/// <see cref="Random"/> seeded with the request's seed, in a fixed order (length, instance, anchors),
/// so the same request gives the same file byte for byte.</summary>
public static class DatasetWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Keep >>>, === and + readable: the default encoder would write them as \u003E… escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The records of a request, drawn lazily (a large dataset is never held in memory);
    /// throws a <see cref="MnemoException"/> at once for an impossible request.</summary>
    public static IEnumerable<DatasetRecord> Generate(DatasetRequest request)
    {
        var task = TaskRegistry.Create(request.Task, request.TaskOptions);
        var format = FormatRegistry.Create(task, request.Format, request.Options);
        Check(request, task, format);
        return Draw(request, task, format);
    }

    private static IEnumerable<DatasetRecord> Draw(DatasetRequest request, IAlgorithmicTask task, ITaskFormat format)
    {
        var rng = new Random(request.Seed);
        for (int i = 0; i < request.Count; i++)
        {
            var instance = task.Sample(rng, rng.Next(request.MinLength, request.MaxLength + 1));
            yield return DatasetRecord.From(instance, format.Name, format.Render(instance, rng));
        }
    }

    /// <summary>One record as one line of JSON (without the newline).</summary>
    public static string ToJson(DatasetRecord record) => JsonSerializer.Serialize(record, Json);

    /// <summary>UTF-8 without byte-order mark, '\n' line ends, whatever the platform.</summary>
    private static void WriteLines(IEnumerable<DatasetRecord> records, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        foreach (var record in records)
        {
            writer.Write(ToJson(record));
            writer.Write('\n');
        }
    }

    /// <summary>Generates the dataset and writes it atomically (a reader never sees half a file). An existing
    /// file at <paramref name="path"/> is replaced only when <paramref name="replace"/> is set: it may be a
    /// dataset someone else's run reads, or not a dataset at all.</summary>
    /// <exception cref="MnemoException">The file exists and <paramref name="replace"/> is false, or it cannot be written.</exception>
    public static void Write(DatasetRequest request, string path, bool replace = false)
    {
        if (Directory.Exists(path))
            throw new MnemoException(InputName.Output, $"{path} is a folder; give a file name (e.g. {Path.Combine(path, "data.jsonl")})");
        if (!replace && File.Exists(path))
            throw new MnemoException(InputName.Output, $"{path} exists; pass {InputName.Force} to replace it, or choose another file");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OutputFolder.Check(folder); // a file in the way or a folder that cannot be written: said before generating
        var records = Generate(request);
        OutputFolder.Create(folder); // a missing folder is made, as for every other output
        try { AtomicFile.Write(path, stream => WriteLines(records, stream)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnemoException(InputName.Output, $"cannot write {path} ({e.Message})");
        }
    }

    private static void Check(DatasetRequest r, IAlgorithmicTask task, ITaskFormat format)
    {
        if (r.MinLength < task.MinLength)
            throw new MnemoException(DatasetRequest.Inputs.MinLength, $"{task.Name} needs lengths of at least {task.MinLength}, got {r.MinLength}");
        if (r.MinLength > r.MaxLength)
            throw new MnemoException(DatasetRequest.Inputs.MaxLength, $"must be at least {DatasetRequest.Inputs.MinLength} ({r.MinLength}), got {r.MaxLength}");
        if (r.Count < 1) throw new MnemoException(DatasetRequest.Inputs.Count, $"must be at least 1, got {r.Count}");
        // the anchors needed grow with the length, so the longest length decides whether the pool suffices
        format.CheckLength(r.MaxLength);
    }
}
