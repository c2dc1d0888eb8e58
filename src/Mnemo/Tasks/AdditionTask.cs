namespace Mnemo.Tasks;

/// <summary>Multi-digit addition a + b in decimal. The length n is the digit count of the longer
/// operand; the sum is written with exactly n+1 digits (the last carry place, a leading zero allowed).
/// <see cref="TaskOptions.OperandDigits"/> decides the operands' digit counts.</summary>
public sealed class AdditionTask(OperandDigits operandDigits = OperandDigits.OneFull) : IAlgorithmicTask
{
    public const string TaskName = "addition";
    public string Name => TaskName;
    public int MinLength => 1;

    public OperandDigits OperandDigits => operandDigits;

    /// <summary>Two operands whose digit counts follow <see cref="OperandDigits"/> (the longer has exactly
    /// <paramref name="length"/> digits); numbers are uniform among those of their digit count. Draw order:
    /// the full operand, the other's digit count (one_full only) and digits, then the order coin (one_full only).</summary>
    public ProblemInstance Sample(Random rng, int length)
    {
        if (length < MinLength) throw new MnemoException($"addition: length must be at least {MinLength}, got {length}");
        var longer = Number(rng, length);
        if (operandDigits == OperandDigits.Equal) return new ProblemInstance(Name, length, [longer, Number(rng, length)]);
        var other = Number(rng, rng.Next(1, length + 1));
        return new ProblemInstance(Name, length, rng.Next(2) == 0 ? [longer, other] : [other, longer]);
    }

    /// <summary>A number with exactly this many digits, without a leading zero (a single digit may be 0).</summary>
    private static string Number(Random rng, int digits)
    {
        var s = new char[digits];
        for (int i = 0; i < digits; i++) s[i] = (char)('0' + (i == 0 && digits > 1 ? rng.Next(1, 10) : rng.Next(10)));
        return new string(s);
    }

    /// <summary>Digits of a + b, most significant first, column by column (operands of any length),
    /// padded with leading zeros to exactly <paramref name="places"/> digits.</summary>
    public static string Sum(string a, string b, int places)
    {
        var sum = new char[places];
        int carry = 0;
        for (int p = 0; p < places; p++)
        {
            int column = carry + DigitAt(a, p) + DigitAt(b, p);
            sum[places - 1 - p] = (char)('0' + column % 10);
            carry = column / 10;
        }
        if (carry != 0 || Math.Max(a.Length, b.Length) > places)
            throw new ArgumentException($"{a} + {b} does not fit in {places} digits");
        return new string(sum);
    }

    /// <summary>The answer of an instance: its sum with n+1 digits.</summary>
    public static string Result(ProblemInstance instance) =>
        Sum(instance.Operands[0], instance.Operands[1], Places(instance) + 1);

    /// <summary>The longest run of consecutive places that each pass a carry on to the next place (0: no
    /// carry at all): 15 + 17 has 1, 999 + 1 has 3, 95 + 15 has 2 (5+5 carries, 9+1+1 carries again).
    /// A model writing the reversed sum reads the carry from the place below, so a long chain is no harder
    /// per step; it is the share of sums that exercise repeated carries.</summary>
    public static int LongestCarryChain(string a, string b)
    {
        int longest = 0, run = 0, carry = 0;
        for (int p = 0; p < Math.Max(a.Length, b.Length); p++)
        {
            carry = (DigitAt(a, p) + DigitAt(b, p) + carry) / 10;
            run = carry == 1 ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    /// <summary>n: the digit count of the longer operand.</summary>
    public static int Places(ProblemInstance instance) => Math.Max(instance.Operands[0].Length, instance.Operands[1].Length);

    /// <summary>The digit of place value 10^p (0 beyond the number's digits).</summary>
    public static int DigitAt(string number, int p) => p < number.Length ? number[number.Length - 1 - p] - '0' : 0;
}
