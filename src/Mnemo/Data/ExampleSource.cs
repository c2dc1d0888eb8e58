using Mnemo.Formats;
using Mnemo.Tasks;
using Mnemo.Tokens;

namespace Mnemo.Data;

/// <summary>Draws encoded examples: a task instance of a length, written in a format, as ids.</summary>
public sealed class ExampleSource(IAlgorithmicTask task, ITaskFormat format, Vocabulary vocabulary)
{
    public IAlgorithmicTask Task => task;
    public ITaskFormat Format => format;
    public Vocabulary Vocabulary => vocabulary;

    public EncodedExample Draw(Random rng, int length) =>
        EncodedExample.From(format.Render(task.Sample(rng, length), rng), vocabulary);

    /// <summary>A length uniform in [min, max], then an example of that length.</summary>
    public EncodedExample Draw(Random rng, int minLength, int maxLength) => Draw(rng, rng.Next(minLength, maxLength + 1));
}
