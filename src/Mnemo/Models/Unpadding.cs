using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>The real tokens of a right-padded batch and the way back to its (B, T) layout. The position-wise
/// parts of a forward pass (embeddings, norms, projections, MLP, head) then run on the N real tokens only, and
/// only attention and the short convolution see the padded layout: a training batch of the quickstart pads
/// 32 sequences of 4–34 tokens to the longest, so about 40% of its rows are padding that the loss ignores.
/// Every real token's output is the same function as in the padded pass: with right padding its causal context
/// holds no padding, and nothing reads the padding's outputs. Source: the "unpadding" of variable-length
/// training (Hugging Face's <c>_unpad_input</c> / <c>pad_input</c> for flash-attention's varlen kernels), here
/// without a variable-length attention kernel.</summary>
public sealed class Unpadding : IDisposable
{
    private readonly Dictionary<int, Tensor> reaches = [];      // Reaches(back), built on first use

    private Unpadding(int batch, int length, long[] index, float[] offsets)
    {
        (BatchSize, Length, Count) = (batch, length, index.Length);
        Index = tensor(index);
        Offsets = tensor(offsets, [offsets.Length, 1]);
    }

    /// <summary>The unpadding of a batch whose row b holds <paramref name="lengths"/>[b] real tokens followed by
    /// padding up to <paramref name="length"/>; null when no row is padded (there is nothing to skip).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length outside 1..<paramref name="length"/>.</exception>
    public static Unpadding? Create(IReadOnlyList<int> lengths, int length)
    {
        foreach (int l in lengths)
            if (l < 1 || l > length) throw new ArgumentOutOfRangeException(nameof(lengths), $"a row length of {l} is outside 1..{length}");
        if (lengths.All(l => l == length)) return null;
        var index = new long[lengths.Sum()];
        var offsets = new float[index.Length];
        int n = 0;
        for (int b = 0; b < lengths.Count; b++)
            for (int t = 0; t < lengths[b]; t++, n++)
                (index[n], offsets[n]) = ((long)b * length + t, t);
        return new Unpadding(lengths.Count, length, index, offsets);
    }

    /// <summary>B, rows of the padded layout.</summary>
    public int BatchSize { get; }

    /// <summary>T, tokens per row of the padded layout.</summary>
    public int Length { get; }

    /// <summary>N, real tokens of the batch.</summary>
    public int Count { get; }

    /// <summary>(N) int64: b·T + t of each real token, row by row. Like the batch's tensors, on the CPU.</summary>
    public Tensor Index { get; }

    /// <summary>(N, 1) float32: t, each real token's place in its row (0 for the first).</summary>
    public Tensor Offsets { get; }

    /// <summary>The real tokens of <paramref name="padded"/>: (B, T, …) → (N, …).</summary>
    public Tensor Unpad(Tensor padded) => padded.flatten(0, 1).index_select(0, Index);

    /// <summary>The padded layout of <paramref name="tokens"/>: (N, …) → (B, T, …), zeros on padding.</summary>
    public Tensor Pad(Tensor tokens)
    {
        long[] rest = tokens.shape[1..];
        return zeros([(long)BatchSize * Length, .. rest], dtype: tokens.dtype, device: tokens.device)
            .index_copy(0, Index, tokens)
            .view([BatchSize, Length, .. rest]);
    }

    /// <summary>(N, 1) float32, 1 where the token has at least <paramref name="back"/> tokens before it in its row.
    /// Built once per batch and kept (every layer's convolution reads the same masks), owned by this object.</summary>
    public Tensor Reaches(int back)
    {
        if (!reaches.TryGetValue(back, out var mask))
            reaches[back] = mask = Offsets.ge(back).to(float32).DetachFromDisposeScope();
        return mask;
    }

    public void Dispose()
    {
        Index.Dispose();
        Offsets.Dispose();
        foreach (var mask in reaches.Values) mask.Dispose();
    }
}
