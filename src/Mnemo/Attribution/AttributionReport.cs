using Mnemo.Tokens;

namespace Mnemo.Attribution;

/// <summary>What <c>mnemo attribute</c> computed and wrote, for the printed summary.</summary>
/// <param name="Focus">null when the format declares no needed positions.</param>
/// <param name="Files">Every file written, attribution first.</param>
public sealed record AttributionReport(
    string Format, AttributionExample Example, Vocabulary Vocabulary, AttributionMap Map, FocusScore? Focus,
    int TrainedLength, string OutDir, IReadOnlyList<string> Files)
{
    public string Text(IEnumerable<int> ids) => string.Join(' ', ids.Select(Vocabulary.Token));
}
