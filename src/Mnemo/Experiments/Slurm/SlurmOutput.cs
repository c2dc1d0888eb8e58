namespace Mnemo.Experiments.Slurm;

/// <summary>Reads what sbatch, squeue and sacct print in their machine-readable forms.</summary>
public static class SlurmOutput
{
    /// <summary>The job id from <c>sbatch --parsable</c>: "JOBID" or "JOBID;CLUSTER".</summary>
    public static string JobId(string parsable)
    {
        var id = parsable.Trim().Split('\n')[^1].Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new MnemoException($"sbatch printed no job id: '{parsable.Trim()}'");
        return id;
    }

    /// <summary>Task index → state from lines "JOBID_TASK|STATE" (squeue --format=%i|%T, sacct
    /// --parsable2 --format=JobID,State). A line may stand for a range of tasks still pending,
    /// "JOBID_[2-5,8%2]"; lines of other jobs and job steps are ignored.</summary>
    public static Dictionary<int, string> TaskStates(string listing, string jobId)
    {
        var states = new Dictionary<int, string>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 2 || !fields[0].StartsWith(jobId + "_", StringComparison.Ordinal)) continue;
            var tasks = fields[0][(jobId.Length + 1)..];
            if (tasks.Contains('.')) continue; // a step of a task (sacct without -X): the task's own line says it
            var state = fields[1].Split(' ')[0];
            foreach (var task in Indices(tasks)) states[task] = state;
        }
        return states;
    }

    // "7", or "[2-5%2]", "[1,3,6-9:3]": lists of indices and ranges with an optional step, then
    // sbatch's %K limit.
    private static IEnumerable<int> Indices(string tasks)
    {
        if (!tasks.StartsWith('[')) return int.TryParse(tasks, out var one) ? [one] : [];
        var list = tasks.Trim('[', ']').Split('%')[0];
        return list.Split(',').SelectMany(Range);
    }

    private static IEnumerable<int> Range(string part)
    {
        var stepSplit = part.Split(':');
        var step = stepSplit.Length > 1 && int.TryParse(stepSplit[1], out var s) && s > 0 ? s : 1;
        var bounds = stepSplit[0].Split('-');
        if (!int.TryParse(bounds[0], out var first)) yield break;
        var last = bounds.Length > 1 && int.TryParse(bounds[1], out var l) ? l : first;
        for (var i = first; i <= last; i += step) yield return i;
    }
}
