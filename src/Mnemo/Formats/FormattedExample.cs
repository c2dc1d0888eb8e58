namespace Mnemo.Formats;

/// <summary>A problem written as tokens: the prompt (from <c>&gt;&gt;&gt;</c> to <c>===</c>), the target the
/// model must produce, and for each target token whether the environment supplies it (forced) instead
/// of the model. The end-of-sequence token is the model's business and is not part of either.</summary>
public sealed record FormattedExample(IReadOnlyList<string> Prompt, IReadOnlyList<string> Target, IReadOnlyList<bool> Forced)
{
    public string PromptText => string.Join(' ', Prompt);
    public string TargetText => string.Join(' ', Target);
    public override string ToString() => $"{PromptText} {TargetText}";
}
