using System.Globalization;
using System.Text;

namespace Mnemo.Attribution;

/// <summary>Writes an attribution map as CSV: one row per context token (<c>index,token,…</c>), one
/// column per output token, headed <c>index:token</c> with the output's sequence index (so column
/// <c>17:1</c> is explained by the rows above index 17). Raw signed scores, not the shares the image shows.</summary>
public static class AttributionCsv
{
    public static void Write(string path, AttributionMap map) => AtomicFile.WriteAllText(path, Format(map));

    public static string Format(AttributionMap map)
    {
        var text = new StringBuilder();
        var header = new List<string> { "index", "token" };
        for (int j = 0; j < map.Columns; j++)
            header.Add(Escape($"{map.FirstOutput + j}:{map.Context[map.FirstOutput + j]}"));
        text.AppendJoin(',', header).Append('\n');
        for (int i = 0; i < map.Rows; i++)
        {
            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Escape(map.Context[i]));
            for (int j = 0; j < map.Columns; j++) text.Append(',').Append(map.Scores[i, j].ToString("G6", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Quotes a field that holds a comma, a quote or a line break (alphabets are user-chosen).</summary>
    private static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
