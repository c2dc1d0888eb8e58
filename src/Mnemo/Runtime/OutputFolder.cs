namespace Mnemo;

/// <summary>Checks and creates output folders with one-line errors.</summary>
public static class OutputFolder
{
    /// <summary>Throws when <paramref name="path"/> cannot be an output folder (a file is in the way, or
    /// it exists but cannot be written); writes nothing.</summary>
    public static void Check(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        for (var p = full; !string.IsNullOrEmpty(p); p = System.IO.Path.GetDirectoryName(p))
        {
            if (File.Exists(p)) throw new MnemoException($"{path}: cannot be an output folder: {p} is a file");
            if (Directory.Exists(p))
            {
                if (!Writable(p)) throw new MnemoException($"{path}: cannot write in {p} (permission denied or read-only)");
                return;
            }
        }
    }

    public static void Create(string path)
    {
        Check(path);
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MnemoException($"{path}: cannot create the output folder ({e.Message})");
        }
    }

    /// <summary>Creates and at once deletes a probe file: the only sure test (permissions, read-only mounts, ACLs).</summary>
    private static bool Writable(string dir)
    {
        var probe = System.IO.Path.Combine(dir, $".mnemo-write-probe.{Environment.ProcessId}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
