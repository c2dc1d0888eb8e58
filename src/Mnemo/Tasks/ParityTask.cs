namespace Mnemo.Tasks;

/// <summary>Binary parity: a random bit string b1..bn; the running parity p_i = b1 xor … xor b_i.</summary>
public sealed class ParityTask : ISequenceTask
{
    public const string TaskName = "parity";
    public string Name => TaskName;
    public int MinLength => 1;
    public IReadOnlyList<string> Alphabet { get; } = ["0", "1"];

    public ProblemInstance Sample(Random rng, int length)
    {
        if (length < MinLength) throw new MnemoException($"parity: length must be at least {MinLength}, got {length}");
        var bits = new char[length];
        for (int i = 0; i < length; i++) bits[i] = rng.Next(2) == 0 ? '0' : '1';
        return new ProblemInstance(Name, length, [new string(bits)]);
    }

    public static string RunningParity(string bits)
    {
        var parity = new char[bits.Length];
        int p = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            p ^= bits[i] - '0';
            parity[i] = (char)('0' + p);
        }
        return new string(parity);
    }

    public AlignedSequence Align(ProblemInstance instance)
    {
        var bits = instance.Operands[0];
        var parity = RunningParity(bits);
        return new AlignedSequence(
            bits.Select(c => c.ToString()).ToArray(),
            parity.Select(c => c.ToString()).ToArray(),
            Enumerable.Range(0, bits.Length).ToArray());
    }
}
