namespace Mnemo.Tasks;

/// <summary>How a task draws its instances (<c>task_options</c>). Every example of a run, trained and
/// evaluated, comes from the same task, so these options shape the evaluation sets as well as the
/// training stream. An option set away from its default for a task it does not apply to is refused.</summary>
public sealed record TaskOptions
{
    /// <summary>Addition: how the digit counts of the two operands of an n-digit instance are drawn.</summary>
    public OperandDigits OperandDigits { get; init; } = OperandDigits.OneFull;

    /// <summary>Refuses options that do not apply to <paramref name="task"/> (a task name of <see cref="TaskRegistry"/>).</summary>
    public void Validate(string task)
    {
        if (OperandDigits != OperandDigits.OneFull && task != AdditionTask.TaskName)
            throw new MnemoException($"task_options.operand_digits: applies only to task addition, not {task} (leave it at one_full)");
    }
}

/// <summary>How addition draws the digit counts of its operands for an instance of length n
/// (<c>task_options.operand_digits</c>). Within its digit count a number is uniform (no leading zero).</summary>
public enum OperandDigits
{
    /// <summary>One operand has exactly n digits, the other a digit count uniform in 1..n; a fair coin
    /// decides which of the two is written first. So both have n digits with probability 1/n.</summary>
    OneFull,

    /// <summary>Both operands have exactly n digits (every column adds two digits).</summary>
    Equal,
}
