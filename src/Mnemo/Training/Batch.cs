using Mnemo.Models;
using Mnemo.Tokens;
using static TorchSharp.torch;

namespace Mnemo.Training;

/// <summary>A teacher-forced batch: inputs are sequence[:-1], labels sequence[1:], right-padded. Labels
/// are <see cref="Ignore"/> except on the model's own target tokens (not prompt, not forced, not padding),
/// so the loss and the exact-match check cover exactly what the model must produce.</summary>
public sealed class Batch : IDisposable
{
    public const long Ignore = -100;

    public Batch(IReadOnlyList<EncodedExample> examples, IReadOnlyList<int[]> positions)
    {
        int t = examples.Max(e => e.Length) - 1;
        int b = examples.Count;
        var ids = new long[b * t];
        var pos = new long[b * t];
        var labels = new long[b * t];
        Array.Fill(labels, Ignore);
        var supervised = new List<long>();
        var targets = new List<long>();
        int real = 0;
        for (int i = 0; i < b; i++)
        {
            var e = examples[i];
            int[] seq = [.. e.Prompt, .. e.TargetWithEos];
            var forced = e.ForcedWithEos;
            for (int j = 0; j < seq.Length - 1; j++)
            {
                ids[i * t + j] = seq[j];
                pos[i * t + j] = positions[i][j];
                int target = j + 1 - e.Prompt.Length; // index into the target of the token predicted here
                if (target >= 0 && !forced[target])
                {
                    labels[i * t + j] = seq[j + 1];
                    supervised.Add(real + j);                 // its place among the real tokens, row by row
                    targets.Add(seq[j + 1]);
                }
            }
            real += seq.Length - 1;
            for (int j = seq.Length - 1; j < t; j++) pos[i * t + j] = positions[i][^1];
        }
        Ids = tensor(ids, [b, t]);
        Positions = tensor(pos, [b, t]);
        Labels = tensor(labels, [b, t]);
        Tokens = real;
        Unpadding = Unpadding.Create(examples.Select(e => e.Length - 1).ToList(), t);
        if (Unpadding is not null)
            (Supervised, SupervisedLabels) = (tensor(supervised.ToArray()), tensor(targets.ToArray()));
    }

    public Tensor Ids { get; }
    public Tensor Positions { get; }
    public Tensor Labels { get; }
    public long Tokens { get; }

    /// <summary>The real tokens of <see cref="Ids"/>, for a forward pass that skips the padding; null when no
    /// row is padded.</summary>
    public Unpadding? Unpadding { get; }

    /// <summary>With <see cref="Unpadding"/>: (M) int64, the place among the N real tokens (row by row) of each
    /// token whose label is not <see cref="Ignore"/>; null without.</summary>
    public Tensor? Supervised { get; }

    /// <summary>With <see cref="Unpadding"/>: (M) int64, the labels of <see cref="Supervised"/>; null without.</summary>
    public Tensor? SupervisedLabels { get; }

    public void Dispose()
    {
        Ids.Dispose();
        Positions.Dispose();
        Labels.Dispose();
        Unpadding?.Dispose();
        Supervised?.Dispose();
        SupervisedLabels?.Dispose();
    }
}
