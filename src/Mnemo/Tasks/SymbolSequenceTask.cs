namespace Mnemo.Tasks;

/// <summary>A random string over an alphabet of single characters, answered with one symbol per input
/// symbol; a subclass only says which input symbol each output step reads (copy: the same position,
/// reverse: the mirrored one). The alignment gives it the scratchpad and every anchor format.</summary>
public abstract class SymbolSequenceTask : ISequenceTask
{
    public const string DefaultAlphabet = "abcdefgh";
    private readonly string _symbols;

    protected SymbolSequenceTask(string name, string alphabet)
    {
        Name = name;
        if (alphabet.Length == 0) throw new MnemoException($"{name}: the alphabet must not be empty");
        if (alphabet.Any(char.IsWhiteSpace)) throw new MnemoException($"{name}: the alphabet must not contain white space (tokens are space separated)");
        if (alphabet.Distinct().Count() != alphabet.Length) throw new MnemoException($"{name}: the alphabet '{alphabet}' repeats a symbol");
        _symbols = alphabet;
        Alphabet = alphabet.Select(c => c.ToString()).ToArray();
    }

    public string Name { get; }
    public int MinLength => 1;
    public IReadOnlyList<string> Alphabet { get; }

    /// <summary>The input position that output step <paramref name="step"/> of <paramref name="length"/> reads.</summary>
    protected abstract int SourceOf(int step, int length);

    public ProblemInstance Sample(Random rng, int length)
    {
        if (length < MinLength) throw new MnemoException($"{Name}: length must be at least {MinLength}, got {length}");
        var s = new char[length];
        for (int i = 0; i < length; i++) s[i] = _symbols[rng.Next(_symbols.Length)];
        return new ProblemInstance(Name, length, [new string(s)]);
    }

    public AlignedSequence Align(ProblemInstance instance)
    {
        var inputs = instance.Operands[0].Select(c => c.ToString()).ToArray();
        var source = Enumerable.Range(0, inputs.Length).Select(j => SourceOf(j, inputs.Length)).ToArray();
        return new AlignedSequence(inputs, source.Select(i => inputs[i]).ToArray(), source);
    }
}
