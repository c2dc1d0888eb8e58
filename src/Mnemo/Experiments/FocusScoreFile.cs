using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemo.Attribution;

namespace Mnemo.Experiments;

/// <summary>focus.json beside a sweep's attribution images: the <see cref="FocusScore"/> of that example,
/// for the report's captions (NaN, where no output was scored, is written as "NaN").</summary>
public static class FocusScoreFile
{
    public const string FileName = "focus.json";

    private static readonly JsonSerializerOptions Json = new(ConfigFiles.Json) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string folder, FocusScore focus) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(focus, Json));

    /// <summary>The score saved in <paramref name="folder"/>, or null when there is none or it does not parse.</summary>
    public static FocusScore? TryLoad(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<FocusScore>(File.ReadAllText(path), Json); }
        catch (JsonException) { return null; }
    }
}
