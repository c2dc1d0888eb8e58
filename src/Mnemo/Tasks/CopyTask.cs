namespace Mnemo.Tasks;

/// <summary>Copy: output the input sequence as it is (output step i reads input item i).</summary>
public sealed class CopyTask(string alphabet = SymbolSequenceTask.DefaultAlphabet) : SymbolSequenceTask(TaskName, alphabet)
{
    public const string TaskName = "copy";
    protected override int SourceOf(int step, int length) => step;
}
