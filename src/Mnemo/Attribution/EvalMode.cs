using TorchSharp;

namespace Mnemo.Attribution;

/// <summary>Puts a model in evaluation mode (no dropout) for a <c>using</c> block and restores its mode
/// after: attribution must see the deterministic function the decoder uses.</summary>
internal sealed class EvalMode : IDisposable
{
    private readonly torch.nn.Module _model;
    private readonly bool _wasTraining;

    public EvalMode(torch.nn.Module model)
    {
        _model = model;
        _wasTraining = model.training;
        model.eval();
    }

    public void Dispose()
    {
        if (_wasTraining) _model.train();
    }
}
