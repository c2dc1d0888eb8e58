using System.Text;
using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>What a format writes for a task, as one comparable text: its token list (the vocabulary), then
/// <see cref="PerLength"/> examples at each length drawn as training draws them (instance, then rendering, from
/// one generator seeded 0, so a format that uses the generator differently shifts every later example),
/// each with its prompt, target, forced flags and, where the format declares them, the positions every
/// target token needs. Two formats with equal samples write the same data as far as the sample can tell:
/// a sweep trains such trials once instead of deciding from a list of which option each format reads.</summary>
public static class FormatSample
{
    /// <summary>Examples drawn at every length.</summary>
    public const int PerLength = 4;

    /// <param name="lengths">Lengths to draw at; each must be one the format can write (<see cref="ITaskFormat.CheckLength"/>).</param>
    public static string Of(IAlgorithmicTask task, ITaskFormat format, IEnumerable<int> lengths)
    {
        // tokens hold no white space (a prompt's text joins them with spaces): tabs and new lines separate the fields
        var text = new StringBuilder().AppendJoin(' ', format.Tokens).Append('\n');
        var rng = new Random(0);
        foreach (var length in lengths)
            for (int i = 0; i < PerLength; i++)
            {
                var instance = task.Sample(rng, length);
                var example = format.Render(instance, rng);
                text.AppendJoin(' ', example.Prompt).Append('\t').AppendJoin(' ', example.Target).Append('\t')
                    .Append(string.Concat(example.Forced.Select(f => f ? '1' : '0')));
                if (format is INeededPositions declared)
                {
                    var needs = declared.Needs(instance, example);
                    text.Append('\t').AppendJoin(' ', needs.Steps).Append('\t').AppendJoin(' ', needs.Needed.Select(n => string.Join(',', n)));
                }
                text.Append('\n');
            }
        return text.ToString();
    }
}
