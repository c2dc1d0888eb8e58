using Mnemo.Formats;

namespace Mnemo.Tokens;

/// <summary>A formatted example as ids: prompt, target and the end token, with the forced flags of the
/// target (the end token is never forced: the model must decide to stop).</summary>
public sealed record EncodedExample(int[] Prompt, int[] Target, bool[] Forced)
{
    /// <summary>Target followed by the end-of-sequence token.</summary>
    public int[] TargetWithEos => [.. Target, Vocabulary.EosId];
    public bool[] ForcedWithEos => [.. Forced, false];
    public int Length => Prompt.Length + Target.Length + 1;

    public static EncodedExample From(FormattedExample example, Vocabulary vocab) => new(
        example.Prompt.Select(vocab.Id).ToArray(),
        example.Target.Select(vocab.Id).ToArray(),
        example.Forced.ToArray());
}
