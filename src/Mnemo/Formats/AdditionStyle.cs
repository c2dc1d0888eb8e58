namespace Mnemo.Formats;

/// <summary>How the addition formats mark place values (Figure 7 of the paper).</summary>
public enum AdditionStyle
{
    /// <summary>No anchors: <c>&gt;&gt;&gt; 1 2 + 9 === 1 2 0 ### 0 2 1</c>.</summary>
    Plain,
    /// <summary>One random anchor per place value, shared by both operands and the result; the carry
    /// place's anchor closes each operand.</summary>
    Aligned,
    /// <summary>A random anchor per operand digit; a result digit repeats the anchors of the operand
    /// digits of its place.</summary>
    NonAligned,
}
