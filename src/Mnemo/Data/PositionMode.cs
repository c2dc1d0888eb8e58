namespace Mnemo.Data;

/// <summary>Which position ids a sequence gets (positions are data, chosen here, not in the model).</summary>
public enum PositionMode
{
    /// <summary>0, 1, …, T−1.</summary>
    Sequential,
    /// <summary>Training: a random start s, then s, s+1, …, so every row of a learned table up to the
    /// range is trained. Evaluation: 0, 1, ….</summary>
    Offset,
    /// <summary>Randomized positions (Ruoss et al. 2023): an ordered random sample of T distinct values
    /// from 0..range−1, in training and, unless evaluation.sequential_positions is set, in evaluation.</summary>
    Randomized,
}
