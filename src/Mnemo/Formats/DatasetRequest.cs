using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>What <c>mnemo generate</c> asks for: <see cref="Count"/> examples of a task in a format, each
/// of a length drawn uniformly from [<see cref="MinLength"/>, <see cref="MaxLength"/>], from one seed.</summary>
/// <param name="TaskOptions">How the task draws its instances; null: the defaults.</param>
public sealed record DatasetRequest(string Task, string Format, FormatOptions Options, int MinLength, int MaxLength, int Count, int Seed,
    TaskOptions? TaskOptions = null)
{
    /// <summary>The request's sizes as errors name them (a front end may show its own flags for them).</summary>
    public static class Inputs
    {
        public static readonly InputName MinLength = new("min_length"), MaxLength = new("max_length"), Count = new("count");
    }
}
