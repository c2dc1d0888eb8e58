using static TorchSharp.torch;

namespace Mnemo.Attribution;

/// <summary>One sequence of ids or positions as a (1, T) tensor, the batch shape the model takes.</summary>
internal static class SequenceTensor
{
    public static Tensor Row(IReadOnlyList<int> values) => tensor(values.Select(v => (long)v).ToArray(), [1, values.Count]);
}
