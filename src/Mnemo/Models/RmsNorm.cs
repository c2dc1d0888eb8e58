using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Root-mean-square normalization (Zhang &amp; Sennrich 2019; Llama, Qwen): x / √(mean(x²) + ε) · w
/// over the last dimension, computed in float32, without a mean or a bias.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(size));
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var x32 = x.to(float32);
        return (x32 * (x32.pow(2).mean([-1], keepdim: true) + eps).rsqrt()).to(x.dtype) * weight;
    }
}
