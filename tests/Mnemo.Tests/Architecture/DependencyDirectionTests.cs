using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace Mnemo.Tests.Architecture;

/// <summary>Dependencies point one way, down the pipeline (docs/architecture.md): a namespace may use
/// only the layers listed before its own, never a later one and never a sibling of its own layer, so
/// there can be no circle. Read from the compiled assemblies (every type a type's signatures and method
/// bodies reference), not from <c>using</c> lines.</summary>
public class DependencyDirectionTests
{
    /// <summary>The pipeline, bottom first. Namespaces in one row are siblings: they may use the rows
    /// above, not each other. A namespace not listed belongs to its nearest listed parent.</summary>
    private static readonly string[][] Layers =
    [
        ["Mnemo.Runtime"],                  // errors, atomic files, output folders, libtorch settings
        ["Mnemo.Tasks"],                    // algorithmic problems
        ["Mnemo.Formats"],                  // how a problem is written as tokens
        ["Mnemo.Tokens"],                   // token strings ↔ ids
        ["Mnemo.Data"],                     // encoded examples and their position ids, seeds
        ["Mnemo.Models.Positions"],         // positional schemes
        ["Mnemo.Models"],                   // the transformer
        ["Mnemo.Checkpoints"],              // safetensors files of models and training runs
        ["Mnemo.Pretrained"],               // Hugging Face checkpoints
        ["Mnemo.Training", "Mnemo.Evaluation"], // evaluation stands alone: it never uses training
        ["Mnemo.Attribution", "Mnemo.Benchmarks"],
        ["Mnemo.Experiments"],              // run configs, run folders, sweeps (and Slurm)
        ["Mnemo.Reports"],
        ["Mnemo.Cli"],
    ];

    private static readonly ArchUnitNET.Domain.Architecture Architecture =
        new ArchLoader().LoadAssemblies(typeof(MnemoException).Assembly, typeof(Cli.Program).Assembly).Build();

    [Fact]
    public void Every_dependency_points_down_the_pipeline()
    {
        var arrows = Violations().ToList();
        Assert.True(arrows.Count == 0, $"arrows against the pipeline (type → namespace it must not use):\n  {string.Join("\n  ", arrows)}");
    }

    [Fact]
    public void Dependencies_are_read_from_method_bodies_too()
    {
        // the rule is only as good as what it reads: EvaluationSet uses StableSeed only inside a method body
        var evaluationSet = Architecture.Types.Single(t => t.FullName == "Mnemo.Evaluation.EvaluationSet");
        Assert.Contains(evaluationSet.Dependencies, d => d.Target.FullName == "Mnemo.Data.StableSeed");
    }

    [Fact]
    public void Every_namespace_has_a_layer()
    {
        var unplaced = Architecture.Types.Select(t => t.Namespace.FullName).Where(n => n.StartsWith("Mnemo", StringComparison.Ordinal))
            .Distinct().Where(n => Layer(n) is null).ToList();
        Assert.Empty(unplaced);
    }

    private static IEnumerable<string> Violations() =>
        (from type in Architecture.Types
         let source = type.Namespace.FullName
         where Layer(source) is not null
         from dependency in type.Dependencies
         let to = dependency.Target.Namespace?.FullName ?? ""
         where Layer(to) is not null && Group(to) != Group(source) && !Allowed(source, to)
         select $"{Outermost(type.FullName)} → {Group(to)}").Distinct().Order(StringComparer.Ordinal);

    private static bool Allowed(string from, string to) => Layer(to) < Layer(from);

    /// <summary>The listed namespace <paramref name="ns"/> belongs to: itself or its nearest listed parent.</summary>
    private static string? Group(string ns) =>
        ns == "Mnemo" ? "Mnemo.Runtime" // the root namespace (MnemoException, AtomicFile) lives in Runtime/
        : Layers.SelectMany(row => row).Where(l => ns == l || ns.StartsWith(l + ".", StringComparison.Ordinal))
            .MaxBy(l => l.Length);

    private static int? Layer(string ns) =>
        Group(ns) is { } g ? Array.FindIndex(Layers, row => row.Contains(g)) : null;

    /// <summary>A nested or compiler-generated type (closures, iterators) stands for the type that declares it.</summary>
    private static string Outermost(string fullName)
    {
        int cut = fullName.IndexOfAny(['+', '<', '/']);
        return (cut < 0 ? fullName : fullName[..cut]).TrimEnd('.');
    }
}
