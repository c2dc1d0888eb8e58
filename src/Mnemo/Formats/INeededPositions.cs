using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>A format that declares, for each target token, which context tokens the algorithm needs
/// to produce it (parity scratchpad: the current input bit and the previous parity). Attribution
/// measures how much of the model's dependence falls on them (the focus score); docs/attribution.md
/// lists the choice of every format.</summary>
public interface INeededPositions
{
    /// <param name="instance">The problem <paramref name="example"/> was rendered from.</param>
    NeededPositions Needs(ProblemInstance instance, FormattedExample example);
}

/// <summary>Positions index the whole sequence: prompt tokens first, then target tokens.</summary>
/// <param name="Steps">For every token of prompt + target, the 1-based input item (bit, place value,
/// symbol) it is about, 0 for structure tokens (<c>&gt;&gt;&gt;</c>, <c>===</c>, <c>+</c>, <c>###</c>).
/// A token is inside the trained length when its step is at most the longest trained length.</param>
/// <param name="Needed">For every target token, the earlier positions its computation needs; empty
/// when the format declares none (the token is not scored).</param>
public sealed record NeededPositions(IReadOnlyList<int> Steps, IReadOnlyList<IReadOnlyList<int>> Needed);
