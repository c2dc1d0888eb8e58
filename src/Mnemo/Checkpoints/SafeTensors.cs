using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Mnemo.Checkpoints;

/// <summary>Reads and writes the safetensors format (8-byte little-endian header length, a JSON header of
/// name → dtype/shape/data_offsets, then raw little-endian data), which Python tools read directly.
/// Reading validates the header before touching any data, so a malformed file gives one clear error.</summary>
public static class SafeTensors
{
    private static readonly Dictionary<ScalarType, (string Name, int Size)> Types = new()
    {
        [ScalarType.Float32] = ("F32", 4), [ScalarType.Float64] = ("F64", 8), [ScalarType.Float16] = ("F16", 2),
        [ScalarType.BFloat16] = ("BF16", 2), [ScalarType.Int64] = ("I64", 8), [ScalarType.Int32] = ("I32", 4),
        [ScalarType.Int8] = ("I8", 1), [ScalarType.Byte] = ("U8", 1), [ScalarType.Bool] = ("BOOL", 1),
    };

    /// <summary>Metadata key of the SHA-256 of the data section, written when <c>checksum</c> is asked for
    /// and verified on load whenever present: a flipped or zeroed byte anywhere in the data is caught.</summary>
    public const string ChecksumKey = "mnemo.data_sha256";

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        bool checksum = false)
    {
        var entries = new List<(string Name, JsonObject Entry)>();
        long offset = 0;
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var blobs = new List<byte[]>();
        foreach (var (name, t) in ordered)
        {
            if (!Types.TryGetValue(t.dtype, out var type)) throw new MnemoException($"{path}: cannot save tensor '{name}' of type {t.dtype}");
            using var cpu = t.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            blobs.Add(bytes);
            entries.Add((name, new JsonObject
            {
                ["dtype"] = type.Name,
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            }));
            offset += bytes.Length;
        }
        var header = new JsonObject();
        if (metadata is not null || checksum)
        {
            var meta = new JsonObject((metadata ?? new Dictionary<string, string>()).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
            if (checksum)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                foreach (var blob in blobs) hash.AppendData(blob);
                meta[ChecksumKey] = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            header["__metadata__"] = meta;
        }
        foreach (var (name, entry) in entries) header[name] = entry;
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // keep the data 8-byte aligned, padding with spaces as the spec allows
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var blob in blobs) stream.Write(blob);
        });
    }

    public static Dictionary<string, Tensor> Load(string path) => LoadWithMetadata(path).Tensors;

    /// <summary>The tensors and the <c>__metadata__</c> strings (empty when the file has none).</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) LoadWithMetadata(string path)
    {
        if (Directory.Exists(path)) throw new MnemoException($"{path}: is a folder, not a checkpoint file");
        if (!File.Exists(path)) throw new MnemoException($"{path}: checkpoint file not found");
        try { return Read(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnemoException($"{path}: cannot read the checkpoint ({e.Message})");
        }
    }

    /// <summary>Name, dtype (safetensors' name: F32, BF16, …) and element count of every tensor of the file,
    /// from its header alone (the data is neither read nor checked; <see cref="Load"/> does that).</summary>
    public static List<(string Name, string Dtype, long Elements)> Entries(string path)
    {
        if (!File.Exists(path)) throw new MnemoException($"{path}: checkpoint file not found");
        try
        {
            using var stream = File.OpenRead(path);
            var header = ReadHeader(stream, path);
            return header.Where(kv => kv.Key != "__metadata__")
                .Select(kv => (kv.Key, (string?)kv.Value?["dtype"] ?? "?", kv.Value?["shape"]?.AsArray().Aggregate(1L, (n, d) => n * (long)d!) ?? 0))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            throw new MnemoException($"{path}: cannot read the safetensors header ({e.Message})");
        }
    }

    /// <summary>The header object; the stream is left at the start of the data.</summary>
    private static JsonObject ReadHeader(Stream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8) throw new MnemoException($"{path}: corrupt safetensors file (shorter than its 8-byte header length)");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > 100_000_000 || (long)headerLength > fileLength - 8)
            throw new MnemoException($"{path}: corrupt safetensors file (header length {headerLength} does not fit in a {fileLength}-byte file)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject ?? throw new JsonException("not an object");
            _ = header.Count; // materializes the properties now, so that duplicate names fail here
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or DecoderFallbackException)
        {
            throw new MnemoException($"{path}: corrupt safetensors header ({e.Message.Split('\n')[0]})");
        }
        return header;
    }

    private static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        var header = ReadHeader(stream, path);
        var metadata = new Dictionary<string, string>();
        try
        {
            if (header.TryGetPropertyValue("__metadata__", out var metaNode) && metaNode is not null)
                foreach (var (key, value) in metaNode.AsObject())
                    metadata[key] = value?.GetValue<string>() ?? "";
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new MnemoException($"{path}: corrupt safetensors header (__metadata__ must map names to strings)");
        }

        long dataStart = stream.Position, dataLength = fileLength - dataStart;
        var entries = new List<(string Name, ScalarType Type, long[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            try
            {
                var dtype = (string)node!["dtype"]!;
                var type = Types.FirstOrDefault(kv => kv.Value.Name == dtype);
                if (type.Value.Name is null) throw new MnemoException($"{path}: tensor '{name}' has unsupported dtype '{dtype}'");
                var shape = node["shape"]!.AsArray().Select(d => (long)d!).ToArray();
                var offsets = node["data_offsets"]!.AsArray().Select(d => (long)d!).ToArray();
                if (shape.Any(d => d < 0)) throw new MnemoException($"{path}: tensor '{name}' has a negative dimension");
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw new MnemoException($"{path}: tensor '{name}' has data offsets outside the file (truncated or corrupt)");
                long expected = checked(shape.Aggregate(1L, (a, d) => checked(a * d)) * type.Value.Size);
                if (expected > Array.MaxLength)
                    throw new MnemoException($"{path}: tensor '{name}' holds {expected} bytes; this reader takes tensors below 2 GB");
                if (offsets[1] - offsets[0] != expected)
                    throw new MnemoException($"{path}: tensor '{name}' holds {offsets[1] - offsets[0]} bytes but its shape needs {expected}");
                entries.Add((name, type.Key, shape, offsets[0], offsets[1]));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or OverflowException or ArgumentException)
            {
                throw new MnemoException($"{path}: tensor '{name}' has a malformed header entry");
            }
        }
        // as the reference implementation requires: the tensors tile the data section exactly, in offset order
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long covered = 0;
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Begin < covered)
                throw new MnemoException($"{path}: tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap");
            if (sorted[i].Begin > covered)
                throw new MnemoException($"{path}: corrupt safetensors file ({sorted[i].Begin - covered} bytes before tensor '{sorted[i].Name}' belong to no tensor)");
            covered = sorted[i].End;
        }
        if (covered != dataLength)
            throw new MnemoException($"{path}: corrupt safetensors file ({dataLength - covered} bytes after the last tensor belong to no tensor)");

        if (metadata.TryGetValue(ChecksumKey, out var expectedHash))
        {
            stream.Position = dataStart;
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != expectedHash)
                throw new MnemoException($"{path}: corrupt checkpoint (its data does not match the checksum written with it: damaged or partly overwritten)");
        }

        var result = new Dictionary<string, Tensor>();
        try
        {
            foreach (var e in entries)
            {
                var bytes = new byte[e.End - e.Begin];
                stream.Position = dataStart + e.Begin;
                stream.ReadExactly(bytes);
                var t = empty(e.Shape, e.Type);
                t.bytes = bytes;
                result[e.Name] = t;
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return (result, metadata);
    }
}
