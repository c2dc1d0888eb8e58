using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Keys and values of every layer for the tokens decoded so far (keys already rotated where the
/// scheme rotates), with their positions and a validity mask (false on left padding). Its tensors live
/// outside the per-step dispose scopes; replacing one disposes the old one. With <c>model.short_conv</c> it also
/// holds each layer's last K−1 convolution inputs (<see cref="ShortConvolution"/>).
/// Keys and values go into buffers of the whole decode's length, allocated at the first step: growing them
/// by concatenation copied the whole cache at every step and had fresh memory zeroed by the kernel, about a
/// sixth of a decode's time in a profile of the quickstart's model (docs/performance.md).</summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] keys;
    private readonly Tensor?[] values;
    private readonly Tensor?[] convolution;
    private readonly int[] lengths;
    private readonly int capacity;

    /// <param name="layers">The model's layers.</param>
    /// <param name="capacity">Tokens the cache will hold at most: prompt and every decoded token.</param>
    public KvCache(int layers, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        keys = new Tensor?[layers];
        values = new Tensor?[layers];
        convolution = new Tensor?[layers];
        lengths = new int[layers];
        this.capacity = capacity;
    }

    /// <summary>(B, Tk) positions of the cached keys.</summary>
    public Tensor? Positions { get; private set; }

    /// <summary>(B, Tk) true where a cached key is a real token.</summary>
    public Tensor? Valid { get; private set; }

    /// <summary>Appends this step's keys/values (B, Hkv, T, Dh) of one layer; returns views of all of them so
    /// far, (B, Hkv, Tk, Dh). Throws InvalidOperationException past the capacity.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        int start = lengths[layer], end = start + (int)k.shape[2];
        if (end > capacity)
            throw new InvalidOperationException($"KvCache: {end} tokens in layer {layer}, but the cache holds {capacity}");
        Tensor Buffer(ref Tensor? slot, Tensor like)
        {
            if (slot is null) Replace(ref slot, empty(like.shape[0], like.shape[1], capacity, like.shape[3], dtype: like.dtype, device: like.device));
            var buffer = slot!;
            buffer[.., .., start..end] = like;
            return buffer[.., .., ..end];
        }
        var allK = Buffer(ref keys[layer], k);
        var allV = Buffer(ref values[layer], v);
        lengths[layer] = end;
        return (allK, allV);
    }

    /// <summary>Appends this step's positions and validity; returns the full (B, Tk) tensors.</summary>
    public (Tensor Positions, Tensor Valid) AppendPositions(Tensor positions, Tensor valid)
    {
        var allP = Positions is { } p ? cat([p, positions], 1) : positions.alias();
        var allV = Valid is { } v ? cat([v, valid], 1) : valid.alias();
        var oldP = Positions;
        var oldV = Valid;
        Positions = allP.DetachFromDisposeScope();
        Valid = allV.DetachFromDisposeScope();
        oldP?.Dispose();
        oldV?.Dispose();
        return (allP, allV);
    }

    /// <summary>(B, K−1, D) the last K−1 inputs of layer <paramref name="layer"/>'s short convolution, or null before the first step.</summary>
    public Tensor? ConvolutionState(int layer) => convolution[layer];

    public void SetConvolutionState(int layer, Tensor state) => Replace(ref convolution[layer], state);

    private static void Replace(ref Tensor? slot, Tensor value)
    {
        var old = slot;
        slot = value.DetachFromDisposeScope();
        old?.Dispose();
    }

    public void Dispose()
    {
        foreach (var t in keys.Concat(values).Concat(convolution).Append(Positions).Append(Valid)) t?.Dispose();
        Array.Clear(keys);
        Array.Clear(values);
        Array.Clear(convolution);
        Array.Clear(lengths);
        Positions = Valid = null;
    }
}
