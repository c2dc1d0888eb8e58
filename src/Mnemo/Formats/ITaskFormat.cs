using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Turns a problem instance into prompt and target tokens.</summary>
public interface ITaskFormat
{
    /// <summary>The config/CLI name, e.g. <c>scratchpad</c> or <c>anchors</c>.</summary>
    string Name { get; }

    /// <summary>Every token this format can write, in a fixed order (the vocabulary is built from it).</summary>
    IReadOnlyList<string> Tokens { get; }

    /// <summary>Throws a <see cref="MnemoException"/> when an instance of this length cannot be written
    /// (e.g. the anchor pool is smaller than the anchors needed).</summary>
    void CheckLength(int length);

    FormattedExample Render(ProblemInstance instance, Random rng);
}
