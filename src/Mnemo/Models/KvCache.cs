using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Keys and values of every layer for the tokens decoded so far (keys already rotated where the
/// scheme rotates), with their positions and a validity mask (false on left padding). Its tensors live
/// outside the per-step dispose scopes; replacing one disposes the old one. With <c>model.short_conv</c> it also
/// holds each layer's last K−1 convolution inputs (<see cref="ShortConvolution"/>).</summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor?[] keys;
    private readonly Tensor?[] values;
    private readonly Tensor?[] convolution;

    public KvCache(int layers)
    {
        keys = new Tensor?[layers];
        values = new Tensor?[layers];
        convolution = new Tensor?[layers];
    }

    /// <summary>(B, Tk) positions of the cached keys.</summary>
    public Tensor? Positions { get; private set; }

    /// <summary>(B, Tk) true where a cached key is a real token.</summary>
    public Tensor? Valid { get; private set; }

    /// <summary>Appends this step's keys/values of one layer; returns the full (B, H, Tk, Dh) tensors.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        var allK = keys[layer] is { } oldK ? cat([oldK, k], 2) : k.alias();
        var allV = values[layer] is { } oldV ? cat([oldV, v], 2) : v.alias();
        Replace(ref keys[layer], allK);
        Replace(ref values[layer], allV);
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
        Positions = Valid = null;
    }
}
