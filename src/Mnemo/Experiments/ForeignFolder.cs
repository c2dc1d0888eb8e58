namespace Mnemo.Experiments;

/// <summary>Keeps Mnemo out of folders it did not create: an existing, non-empty output folder without
/// Mnemo's marker file (config.json of a run, sweep.json of a sweep) is refused unless the user says
/// <c>--force</c>, and even then no file in it is replaced or deleted (one that Mnemo would write is refused).</summary>
public static class ForeignFolder
{
    /// <param name="marker">The file that makes the folder Mnemo's (e.g. config.json).</param>
    /// <param name="written">Names Mnemo writes or deletes directly in the folder.</param>
    /// <param name="kind">What Mnemo's folder would be, for the message ("run", "sweep").</param>
    /// <param name="input">The input that named the folder; null: <see cref="InputName.Output"/>.</param>
    public static void Check(string path, string marker, IEnumerable<string> written, bool force, string kind, InputName? input = null)
    {
        input ??= InputName.Output;
        if (!Directory.Exists(path) || File.Exists(Path.Combine(path, marker))) return;
        var entries = Directory.EnumerateFileSystemEntries(path).Select(e => Path.GetFileName(e)!)
            .Where(name => !AtomicFile.IsTemporary(name) && !new RunFolder(Path.Combine(path, name)).HasRun) // run folders are Mnemo's
            .Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0) return;
        if (!force)
            throw new MnemoException(input,
                $"{path} exists and is not a {kind} folder ({entries.Count} entr{(entries.Count == 1 ? "y" : "ies")} Mnemo did not write, e.g. {entries[0]}); choose a new folder, or add {InputName.Force} to write into it (nothing in it is replaced or deleted)");
        if (written.FirstOrDefault(entries.Contains) is { } clash)
            throw new MnemoException(input,
                $"{Path.Combine(path, clash)} was not written by Mnemo, and Mnemo would replace it; even with {InputName.Force} it is never replaced: move it away or choose another folder");
    }
}
