using Mnemo.Formats;

namespace Mnemo.Tokens;

/// <summary>A formatted example as ids: prompt, target and the end token, with the forced flags of the
/// target (the end token is never forced: the model must decide to stop).</summary>
/// <param name="Eos">Id of the end token: <see cref="Vocabulary.EosId"/> for from-scratch vocabularies, the
/// checkpoint's own end token for pretrained ones.</param>
public sealed record EncodedExample(int[] Prompt, int[] Target, bool[] Forced, int Eos = Vocabulary.EosId)
{
    /// <summary>Target followed by the end-of-sequence token.</summary>
    public int[] TargetWithEos => [.. Target, Eos];
    public bool[] ForcedWithEos => [.. Forced, false];
    public int Length => Prompt.Length + Target.Length + 1;

    public static EncodedExample From(FormattedExample example, Vocabulary vocab) => new(
        example.Prompt.Select(vocab.Id).ToArray(),
        example.Target.Select(vocab.Id).ToArray(),
        example.Forced.ToArray(),
        vocab.End);
}
