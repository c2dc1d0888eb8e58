namespace Mnemo.Benchmarks;

/// <summary>
/// Floating-point operations of the model, counted the usual way (one multiply-add = 2 FLOPs; a
/// backward pass = 2 × its forward pass, so training = 3 × forward).
/// <para>Per token, the forward pass multiplies by every weight matrix once:</para>
/// <code>
///   N      = L · (4·d² + 2·d·m) + d·V          (q,k,v and output projections, MLP in and out, output head)
///   fwd    = 2·N + L · 4·T·d                   (the matmuls, then Q·Kᵀ and weights·V over the full T × T)
///   train  = 3 · fwd = 6·N + 12·L·T·d
/// </code>
/// with L layers, width d, MLP width m, vocabulary V and sequence length T. A short convolution of width K
/// (<c>model.short_conv</c>) multiplies every token by its L·K·d depthwise weights too: N grows by L·K·d
/// (0.5% of the quickstart model's N). N leaves out biases, layer
/// norms and the embedding tables (gathers, not multiplies); the attention term counts the full T × T
/// score matrix, although training's causal attention kernel may skip the masked half: it overstates the
/// work done a little (docs/performance.md).
/// </summary>
public static class FlopCount
{
    /// <summary>Weights that every token is multiplied by (the N of 6·N).</summary>
    public static long MatmulParameters(int layers, int dModel, int mlpWidth, int vocab) =>
        (long)layers * (4L * dModel * dModel + 2L * dModel * mlpWidth) + (long)dModel * vocab;

    /// <summary>FLOPs of Q·Kᵀ and weights·V per token of a forward pass over a T-token sequence.</summary>
    public static long AttentionForwardPerToken(int layers, int dModel, int sequence) => 4L * layers * sequence * dModel;

    /// <summary>Training FLOPs per token: 6·N + 12·L·T·d.</summary>
    public static long TrainingPerToken(int layers, int dModel, int mlpWidth, int vocab, int sequence) =>
        6 * MatmulParameters(layers, dModel, mlpWidth, vocab) + 3 * AttentionForwardPerToken(layers, dModel, sequence);

    /// <summary>Training FLOPs per token of <paramref name="size"/>: <see cref="TrainingPerToken(int, int, int, int, int)"/>
    /// plus 6 × the short convolution's L·K·d weights.</summary>
    public static long TrainingPerToken(BenchSize size, int sequence) =>
        TrainingPerToken(size.Layers, size.DModel, size.MlpWidth, size.VocabSize, sequence) + 6L * size.Layers * size.ShortConv * size.DModel;

    /// <summary>FLOPs of multiplying an (n × k) by a (k × p) matrix.</summary>
    public static double Matmul(long n, long k, long p) => 2.0 * n * k * p;
}
