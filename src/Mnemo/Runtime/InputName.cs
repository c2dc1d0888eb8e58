namespace Mnemo;

/// <summary>The library's name for one input of an entry point that is not a config field (an output
/// folder, a length to attribute, a Slurm option), e.g. <c>output</c> or <c>hugging_face_folder</c>. A
/// <see cref="MnemoException"/> names its inputs by these values, never by a command-line flag; a front end
/// that took the input from a flag shows the flag instead (<see cref="MnemoException.Render"/>).</summary>
public sealed record InputName(string Name)
{
    /// <summary>The file or folder an entry point writes its results to.</summary>
    public static readonly InputName Output = new("output");

    /// <summary>Permission to write into a folder Mnemo did not create, or to replace earlier results.</summary>
    public static readonly InputName Force = new("force");

    public override string ToString() => Name;
}
