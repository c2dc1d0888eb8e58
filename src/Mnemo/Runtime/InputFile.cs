using System.Text;
using Mono.Unix;

namespace Mnemo;

/// <summary>Reads a file the user named, with bounds: it must be a regular file (a FIFO would block for
/// ever, <c>/dev/zero</c> never ends) and no larger than a cap, checked before anything is read.</summary>
public static class InputFile
{
    /// <summary>Cap on experiment and run config files: the largest of the paper's is a few kilobytes.</summary>
    public const long ConfigLimit = 1 << 20;

    /// <param name="what">What the file is, for the error line (e.g. "experiment file").</param>
    public static string ReadText(string path, string what, long limit = ConfigLimit)
    {
        UnixFileInfo info;
        try { info = new UnixFileInfo(path); }
        catch (Exception e) when (e is ArgumentException or IOException) { throw new MnemoException($"{path}: cannot read the {what} ({e.Message})"); }
        if (!info.Exists) throw new MnemoException($"{path}: cannot read the {what} (no such file)");
        if (info.FileType != FileTypes.RegularFile)
            throw new MnemoException($"{path}: cannot read the {what}: it is a {Describe(info.FileType)}, not a regular file");
        if (info.Length > limit)
            throw new MnemoException($"{path}: the {what} is {info.Length:N0} bytes, more than the {limit:N0} this reads; is it the right file?");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[limit + 1];
            int read = 0, n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            if (read > limit) throw new MnemoException($"{path}: the {what} grew beyond {limit:N0} bytes while being read");
            return new UTF8Encoding(false).GetString(buffer, 0, read).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnemoException($"{path}: cannot read the {what} ({e.Message})");
        }
    }

    private static string Describe(FileTypes type) => type switch
    {
        FileTypes.Directory => "folder",
        FileTypes.Fifo => "named pipe (FIFO)",
        FileTypes.CharacterDevice or FileTypes.BlockDevice => "device",
        FileTypes.Socket => "socket",
        _ => type.ToString().ToLowerInvariant(),
    };
}
