namespace Mnemo.Pretrained;

/// <summary>Where a run's starting weights come from (YAML section <c>pretrained</c>): a local Hugging Face
/// checkpoint folder, whose config.json then fixes the architecture (<see cref="HfCheckpoint.Resolve"/>) and
/// whose tokenizer gives the format's symbols their ids (<see cref="SymbolMapping"/>). How a model is loaded
/// is described here, not in <see cref="Models.ModelConfig"/>: the model knows only its shape.</summary>
/// <param name="Path">The checkpoint folder (config.json, model.safetensors, tokenizer.json).</param>
/// <param name="AnchorTokens"><c>added</c> (anchors are new tokens with new embedding rows) or <c>existing</c>
/// (anchors are existing single-token words of the checkpoint's vocabulary); null: <c>added</c>.</param>
public sealed record PretrainedConfig
{
    public string Path { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AnchorTokens { get; init; }

    public const string AnchorsAdded = "added";
    public const string AnchorsExisting = "existing";

    /// <summary><see cref="AnchorTokens"/> with its default (derived: not written to config.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string AnchorsOrDefault => AnchorTokens ?? AnchorsAdded;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new MnemoException("pretrained.path: give the checkpoint folder (or leave out the pretrained section to train from scratch)");
        if (AnchorTokens is not (null or AnchorsAdded or AnchorsExisting))
            throw new MnemoException($"pretrained.anchor_tokens: must be {AnchorsAdded} or {AnchorsExisting}, got '{AnchorTokens}'");
    }
}
