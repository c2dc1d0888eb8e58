namespace Mnemo.Training;

/// <summary>Where and how often a <see cref="Trainer"/> writes resumable checkpoints.</summary>
/// <param name="Path">The checkpoint file; an existing one is resumed from.</param>
/// <param name="Every">Steps between checkpoints (0: none during training).</param>
/// <param name="Identity">What the run is (a digest of its config): a checkpoint of another run is refused.</param>
public sealed record Checkpointing(string Path, int Every, string Identity);
