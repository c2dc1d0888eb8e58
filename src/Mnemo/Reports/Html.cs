using System.Net;

namespace Mnemo.Reports;

/// <summary>The few HTML pieces the report needs: escaped text, embedded PNGs, and links to files
/// beside the page that survive moving the report folder as a whole.</summary>
public static class Html
{
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    public static string PngData(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>A relative URL from the page's folder to <paramref name="file"/>, each path segment escaped.</summary>
    public static string Link(string pageFolder, string file) =>
        string.Join('/', Path.GetRelativePath(pageFolder, file).Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
}
