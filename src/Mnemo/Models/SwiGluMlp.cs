using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>The gated MLP of Llama and Qwen: down(silu(gate(x)) ⊙ up(x)), no biases. (B, T, D) → (B, T, D).</summary>
public sealed class SwiGluMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear gate;
    private readonly Linear up;
    private readonly Linear down;

    public SwiGluMlp(int dModel, int width) : base(nameof(SwiGluMlp))
    {
        gate = nn.Linear(dModel, width, hasBias: false);
        up = nn.Linear(dModel, width, hasBias: false);
        down = nn.Linear(width, dModel, hasBias: false);
        RegisterComponents();
    }

    /// <summary>The projection that writes into the residual stream.</summary>
    public Linear Down => down;

    public override Tensor forward(Tensor x) => down.call(nn.functional.silu(gate.call(x)) * up.call(x));
}
