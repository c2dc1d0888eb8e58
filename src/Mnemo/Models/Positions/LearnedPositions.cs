using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models.Positions;

/// <summary>GPT-2 style learned absolute position embeddings: one trained row per position.</summary>
public sealed class LearnedPositions : PositionalScheme
{
    private readonly Embedding table;

    public LearnedPositions(int maxPositions, int dModel) : base(nameof(LearnedPositions))
    {
        table = nn.Embedding(maxPositions, dModel);
        RegisterComponents();
        using (no_grad()) nn.init.normal_(table.weight!, 0, 0.02);
    }

    public override Tensor Embed(Tensor x, Tensor positions) => x + table.call(positions);
}
