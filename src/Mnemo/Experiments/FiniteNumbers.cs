using System.Text.Json;

namespace Mnemo.Experiments;

/// <summary>Refuses NaN and ±Infinity in any number of a run's settings, whoever built it: files and
/// <c>--set</c> are checked as they are read (<see cref="ConfigSchema"/>), and this catches settings made in
/// code. A NaN passes every range check (all its comparisons are false) and would only fail steps later.</summary>
public static class FiniteNumbers
{
    public static void Check(RunConfig run)
    {
        Section("format_options", run.FormatOptions);
        Section("model", run.Model);
        Section("training", run.Training);
        Section("evaluation", run.Evaluation);
    }

    private static void Section(string name, object settings)
    {
        foreach (var (key, property) in ConfigSchema.Settings(settings.GetType()))
            if (property.GetValue(settings) is double value && !double.IsFinite(value))
                throw new MnemoException($"{name}.{key}: must be a finite number, got {value}");
    }
}
