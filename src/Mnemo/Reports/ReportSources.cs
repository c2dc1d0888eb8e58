using Mnemo.Experiments;

namespace Mnemo.Reports;

/// <summary>The sweeps a report covers: the folder itself when it holds a sweep.json, else each of its
/// subfolders that does (one figure each), by name.</summary>
public static class ReportSources
{
    public static List<SweepFolder> Find(string dir)
    {
        if (File.Exists(dir)) throw new MnemoException($"{dir}: is a file; mnemo report takes the output folder of mnemo sweep, or a folder of them");
        if (!Directory.Exists(dir)) throw new MnemoException($"{dir}: folder not found");
        if (File.Exists(SweepManifest.PathIn(dir))) return [SweepFolder.Open(dir)];
        var sweeps = Directory.GetDirectories(dir).Where(d => File.Exists(SweepManifest.PathIn(d)))
            .Order(StringComparer.Ordinal).Select(SweepFolder.Open).ToList();
        if (sweeps.Count == 0)
            throw new MnemoException($"{dir}: no sweep to report (no {SweepManifest.FileName} in it or in its subfolders; mnemo sweep writes one)");
        return sweeps;
    }
}
