namespace Mnemo.Tasks;

/// <summary>Reverse: output the input sequence backwards (output step i reads input item n-1-i).</summary>
public sealed class ReverseTask(string alphabet = SymbolSequenceTask.DefaultAlphabet) : SymbolSequenceTask(TaskName, alphabet)
{
    public const string TaskName = "reverse";
    protected override int SourceOf(int step, int length) => length - 1 - step;
}
