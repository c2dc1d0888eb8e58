namespace Mnemo.Attribution;

/// <summary>What <c>mnemo attribute</c> asks for.</summary>
/// <param name="Format">Render the example in this format instead of the run's (its tokens must be in
/// the run's vocabulary); null: the run's format.</param>
/// <param name="Seed">Draws the problem, its anchors and its positions.</param>
/// <param name="OutDir">null: a folder per length and options under RUN/attribution (Experiments.RunAttribution.DefaultFolder).</param>
/// <param name="Force">Redraw maps into a folder that holds some already, or write into a folder of the user's
/// without replacing any of its files (otherwise both are refused).</param>
/// <param name="Instance">Attribute this problem instead of drawing one of <paramref name="Length"/> from the seed
/// (the seed then draws only its anchors and positions).</param>
public sealed record AttributionRequest(
    string Run, int Length, string? Format = null, int Seed = 0, string? OutDir = null,
    bool TeacherForced = false, string Method = GradientTimesInput.MethodName, bool Force = false, Tasks.ProblemInstance? Instance = null)
{
    /// <summary>The request's fields as errors name them (<see cref="InputName.Output"/> and
    /// <see cref="InputName.Force"/> for <see cref="OutDir"/> and <see cref="Force"/>).</summary>
    public static class Inputs
    {
        public static readonly InputName Length = new("length"), Format = new("format"), Method = new("method"), TeacherForced = new("teacher_forced");
    }
}
