namespace Mnemo.Models;

/// <summary>What a parameter of a <see cref="TransformerLM"/> is (see <see cref="TransformerLM.KindOf"/>).</summary>
public enum ParameterKind
{
    /// <summary>The token embedding table (also the output head when embeddings are tied).</summary>
    TokenEmbeddings,
    /// <summary>A parameter of the positional scheme (a learned position table).</summary>
    Positions,
    /// <summary>Everything else: attention, MLP, norms, an untied head.</summary>
    Other,
}
