namespace Mnemo.Tasks;

/// <summary>A loop over the input written out step by step: output item i is computed at the input
/// item <c>Source[i]</c> (parity and copy: i; reverse: n-1-i). Anchor formats use the alignment to
/// put the same anchor before an output item as before the input item it reads.</summary>
public sealed record AlignedSequence(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<int> Source);

/// <summary>A task whose answer is one output item per input item (a loop over the input).</summary>
public interface ISequenceTask : IAlgorithmicTask
{
    /// <summary>The symbols items are spelled with, e.g. "0" and "1".</summary>
    IReadOnlyList<string> Alphabet { get; }

    AlignedSequence Align(ProblemInstance instance);
}
