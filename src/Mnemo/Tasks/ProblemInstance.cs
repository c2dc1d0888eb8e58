namespace Mnemo.Tasks;

/// <summary>One problem of a task: its length (bits, digits of the longer operand, symbols) and its
/// operands as strings, e.g. ["10110"] for parity or ["12", "9"] for addition.</summary>
public sealed record ProblemInstance(string Task, int Length, IReadOnlyList<string> Operands);
