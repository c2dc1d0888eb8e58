using static TorchSharp.torch;

namespace Mnemo.Models.Positions;

/// <summary>Rotary frequency scaling for contexts longer than pretraining's, as Llama checkpoints declare it
/// (config.json rope_scaling / rope_parameters). <c>linear</c>: every frequency divided by
/// <see cref="Factor"/> (positions interpolated). <c>llama3</c>: frequencies whose wavelength exceeds
/// original_context / low_freq_factor divided by the factor, those below original_context / high_freq_factor
/// kept, and the band between interpolated smoothly in original_context / wavelength. Neither scales the
/// attention logits.</summary>
public sealed record RopeScaling(string Type, double Factor, double LowFrequencyFactor = 1, double HighFrequencyFactor = 4, double OriginalContext = 8192)
{
    public const string Linear = "linear";
    public const string Llama3 = "llama3";

    public void Validate()
    {
        if (Type is not (Linear or Llama3)) throw new MnemoException($"model.llama.rope_scaling.type: must be {Linear} or {Llama3}, got '{Type}'");
        if (Factor <= 0) throw new MnemoException($"model.llama.rope_scaling.factor: must be positive, got {Factor}");
        if (Type == Llama3 && (HighFrequencyFactor <= LowFrequencyFactor || OriginalContext <= 0))
            throw new MnemoException($"model.llama.rope_scaling: llama3 needs high_freq_factor > low_freq_factor and a positive original context, got {HighFrequencyFactor}, {LowFrequencyFactor}, {OriginalContext}");
    }

    /// <summary>The scaled inverse frequencies (float64, (r/2)).</summary>
    public Tensor Apply(Tensor inverseFrequency)
    {
        if (Type == Linear) return inverseFrequency / Factor;
        var wavelength = 2 * Math.PI / inverseFrequency;
        double lowWavelength = OriginalContext / LowFrequencyFactor, highWavelength = OriginalContext / HighFrequencyFactor;
        var longWaves = where(wavelength > lowWavelength, inverseFrequency / Factor, inverseFrequency);
        var smooth = (OriginalContext / wavelength - LowFrequencyFactor) / (HighFrequencyFactor - LowFrequencyFactor);
        var blended = (1 - smooth) * longWaves / Factor + smooth * longWaves;
        var middle = (wavelength >= highWavelength).logical_and(wavelength <= lowWavelength);
        return where(middle, blended, longWaves);
    }
}
