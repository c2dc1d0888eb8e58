using System.Text;

namespace Mnemo.Pretrained;

/// <summary>GPT-2's byte-level alphabet (bytes_to_unicode, used by every byte-level BPE): each UTF-8 byte
/// becomes one printable character; printable Latin-1 bytes stand for themselves, the other 68 take
/// U+0100 onwards in byte order (so a space is 'Ġ', U+0120).</summary>
public static class ByteLevel
{
    private static readonly char[] Alphabet = Build();

    private static char[] Build()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) table[b] = Printable(b) ? (char)b : (char)next++;
        return table;
    }

    /// <summary>The vocabulary spelling of <paramref name="text"/>: its UTF-8 bytes through the alphabet.</summary>
    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var result = new StringBuilder(bytes.Length);
        foreach (var b in bytes) result.Append(Alphabet[b]);
        return result.ToString();
    }

    /// <summary>The character that stands for byte <paramref name="b"/>.</summary>
    public static char Of(int b) => Alphabet[b];
}
