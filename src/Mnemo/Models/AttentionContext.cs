using Mnemo.Models.Positions;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>What every attention layer of one forward pass shares: the positional scheme, the positions
/// of queries and keys, which keys each query may see, and the cache.</summary>
/// <param name="Allowed">(B, 1, Tq, Tk) true where a query may attend to a key (causal and not padding).</param>
/// <param name="Recorder">When set, receives every layer's attention weights (B, H, Tq, Tk).</param>
/// <param name="PlainCausal">No padding and no cache: <paramref name="Allowed"/> is the lower triangle, which
/// libtorch's fused attention applies by itself (is_causal) without reading a mask, and faster.</param>
public sealed record AttentionContext(
    PositionalScheme Scheme,
    Tensor QueryPositions,
    Tensor KeyPositions,
    Tensor Allowed,
    KvCache? Cache,
    Action<int, Tensor>? Recorder,
    bool PlainCausal = false);
