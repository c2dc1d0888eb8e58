namespace Mnemo.Data;

/// <summary>How densely randomized training positions cover their range (<c>training.position_spread</c>).</summary>
public enum PositionSpread
{
    /// <summary>Every training sequence draws its T positions from the whole range 0..R−1 (Ruoss et al.
    /// 2023): training sees gaps of about R/T, while a long test sequence, which nearly fills the range,
    /// sees gaps near 1. Test accuracy then depends on how R compares with the test lengths.</summary>
    Fixed,

    /// <summary>Each training sequence first draws its own range r log-uniformly between its length T and
    /// R, then its positions from 0..r−1: training sees every density from contiguous positions (r = T)
    /// to the sparsest (r = R), so whatever R is, a test sequence's density was trained. Evaluation draws
    /// from the whole range, as with <see cref="Fixed"/>.</summary>
    Mixed,
}
