namespace Mnemo.Attribution;

/// <summary>Attribution methods by the name the command line uses.</summary>
public static class AttributionMethods
{
    public static readonly IReadOnlyList<string> Names = [GradientTimesInput.MethodName, GradientNorm.MethodName];

    public static IAttributionMethod Create(string name) => name switch
    {
        GradientTimesInput.MethodName => new GradientTimesInput(),
        GradientNorm.MethodName => new GradientNorm(),
        _ => throw new MnemoException(AttributionRequest.Inputs.Method, $"unknown attribution method '{name}'{Spelling.Suggest(name, Names)} (allowed: {string.Join(", ", Names)})"),
    };
}
