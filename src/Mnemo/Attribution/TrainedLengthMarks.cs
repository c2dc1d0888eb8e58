namespace Mnemo.Attribution;

/// <summary>Where a stretch of tokens crosses the trained length: the indices whose token is on the
/// other side of it than the previous token that belongs to a step (structure tokens, step 0, do not
/// count). For parity that is where bit (or parity) number trained + 1 begins. Prompt and target are
/// separate stretches: the target starting again at step 1 is no crossing.</summary>
public static class TrainedLengthMarks
{
    /// <returns>Indices in [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="steps"/>.</returns>
    public static List<int> Find(IReadOnlyList<int> steps, int trainedLength, int from, int to)
    {
        var marks = new List<int>();
        bool? inside = null;
        for (int k = from; k < Math.Min(to, steps.Count); k++)
        {
            if (steps[k] == 0) continue;
            bool here = steps[k] <= trainedLength;
            if (inside is { } before && before != here) marks.Add(k);
            inside = here;
        }
        return marks;
    }
}
