namespace Mnemo.Formats;

/// <summary>Token spellings shared by every format.</summary>
public static class FormatTokens
{
    public const string PromptStart = ">>>";
    public const string PromptEnd = "===";
    public const string ConstantAnchor = "#";

    public static string Anchor(int k) => $"M{k}";
}
