using System.Text;
using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Renders docs/formats.md: every format of every task with an example drawn by the same code
/// as <c>mnemo generate</c>, so the document cannot drift from the generator (a test compares the
/// committed file with <see cref="Render"/>).</summary>
public static class FormatsDocument
{
    public const string RelativePath = "docs/formats.md";
    private const int Seed = 1;

    /// <summary>An example worth showing beyond the default one of each format: an option changes it.</summary>
    private sealed record Variant(string Task, string Format, FormatOptions Options, string Why);

    private static readonly Variant[] Variants =
    [
        new("parity", "interleaved", new() { Forced = true }, "the paper's interleaved scratchpad: the environment supplies every b_i"),
        new("parity", "anchors", new() { Forced = true }, "environment forcing: the target's anchors are supplied"),
        new("parity", "anchors", new() { Spacing = 2 }, "an anchor only before bits 1, 3, 5, …"),
        new("parity", "anchors-numeric", new() { Spacing = 3 }, "numeric anchors with spacing keep the index of the bit they mark"),
        new("parity", "anchors-cyclic", new() { Cycle = 4 }, "a cycle shorter than the input wraps around"),
        new("addition", "plain", new() { ZeroPad = true }, "operands padded to the same digit count"),
        new("addition", "anchors", new() { ZeroPad = true }, "padding zeros carry the anchor of their place"),
        new("addition", "anchors", new() { Forced = true }, "environment forcing"),
        new("addition", "anchors-nonaligned", new() { ZeroPad = true }, "padding zeros are operand digits with anchors of their own"),
        new("addition", "anchors-nonaligned", new() { Forced = true }, "environment forcing"),
        new("reverse", "anchors", new() { Spacing = 2 }, "spacing counts input positions; the target repeats an anchor wherever it reads a marked item"),
    ];

    public static string Render()
    {
        var doc = new StringBuilder();
        doc.Append(Introduction);
        foreach (var taskName in TaskRegistry.Names)
        {
            var task = TaskRegistry.Create(taskName);
            doc.Append($"\n## Task `{taskName}`\n\n{TaskText(taskName)}\n");
            if (taskName == AdditionTask.TaskName) doc.Append(CarryChains());
            foreach (var format in FormatRegistry.NamesFor(task))
            {
                doc.Append($"\n### `{taskName}` / `{format}`\n\n{FormatText(task, format)}\n\n");
                AppendExample(doc, ExampleRequest(taskName, format, new FormatOptions()));
            }
        }
        doc.Append("\n## Options at work\n");
        foreach (var v in Variants)
        {
            doc.Append($"\n### `{v.Task}` / `{v.Format}`, {v.Why}\n\n");
            AppendExample(doc, ExampleRequest(v.Task, v.Format, v.Options));
        }
        doc.Append(Readings);
        return doc.ToString();
    }

    private static readonly int[] CarryLengths = [3, 5, 8, 10, 14];
    private const int CarrySums = 10000;

    /// <summary>How often the sums the sampler draws (training and evaluation alike) have long carry chains
    /// (<see cref="AdditionTask.LongestCarryChain"/>), for both <c>task_options.operand_digits</c>.</summary>
    private static string CarryChains()
    {
        var text = new StringBuilder($$"""

            Operand digit counts (config `task_options.operand_digits`, `mnemo generate --operand-digits`):
            `one_full` (the default, as described above) or `equal` (both operands have exactly n digits). Every
            example of a run, trained or evaluated, is drawn this way. Carry chains in the sums drawn: the share
            of {{CarrySums}} sums per length (seed {{Seed}}) whose longest run of consecutive places passing a
            carry on is at least 3 / at least 5 (a test set of 100 sums holds about that many per hundred):

            | n | one_full: chain ≥ 3 | one_full: ≥ 5 | equal: ≥ 3 | equal: ≥ 5 |
            |---|---|---|---|---|

            """);
        foreach (int n in CarryLengths)
        {
            text.Append($"| {n} |");
            foreach (var digits in new[] { OperandDigits.OneFull, OperandDigits.Equal })
            {
                var task = new AdditionTask(digits);
                var rng = new Random(Seed);
                var chains = Enumerable.Range(0, CarrySums)
                    .Select(_ => task.Sample(rng, n).Operands).Select(o => AdditionTask.LongestCarryChain(o[0], o[1])).ToList();
                foreach (int least in new[] { 3, 5 })
                    text.Append($" {100.0 * chains.Count(c => c >= least) / CarrySums:0.0}% |");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>One example, long enough to show the structure, short enough to read.</summary>
    private static DatasetRequest ExampleRequest(string task, string format, FormatOptions options)
    {
        int length = task == AdditionTask.TaskName ? 3 : 6;
        return new DatasetRequest(task, format, options, length, length, Count: 1, Seed);
    }

    private static void AppendExample(StringBuilder doc, DatasetRequest request)
    {
        var record = DatasetWriter.Generate(request).Single();
        doc.Append($"```\n{record.Prompt} {record.Target}\n```\n\n");
        doc.Append($"`{CommandLine(request)}` writes:\n\n```json\n{DatasetWriter.ToJson(record)}\n```\n");
    }

    /// <summary>The <c>mnemo generate</c> call that reproduces an example (options left at their default are omitted).</summary>
    private static string CommandLine(DatasetRequest r)
    {
        var defaults = new FormatOptions();
        var o = r.Options;
        var line = new StringBuilder($"mnemo generate --task {r.Task} --format {r.Format}");
        if (o.Spacing != defaults.Spacing) line.Append($" --spacing {o.Spacing}");
        if (o.ZeroPad) line.Append(" --zero-pad");
        if (o.Forced) line.Append(" --forced");
        if (o.Cycle != defaults.Cycle) line.Append($" --cycle {o.Cycle}");
        if (o.AnchorPool != defaults.AnchorPool) line.Append($" --pool {o.AnchorPool}");
        line.Append($" --min-length {r.MinLength} --max-length {r.MaxLength} --count {r.Count} --seed {r.Seed} --out example.jsonl");
        return line.ToString();
    }

    private static string TaskText(string task) => task switch
    {
        ParityTask.TaskName => "A random bit string b1..bn; the running parity p_i = b1 xor … xor b_i. Length: the number of bits.",
        AdditionTask.TaskName => "a + b in decimal. Length n: the digit count of the longer operand, which has exactly n digits (no leading zero); the other has 1..n digits (uniform), and which of the two is longer is random. The sum r is written with exactly n+1 digits (the carry place, a leading zero allowed).",
        CopyTask.TaskName => $"A random string over an alphabet of single characters (default `{SymbolSequenceTask.DefaultAlphabet}`); the answer is the string itself. Length: the number of symbols.",
        ReverseTask.TaskName => $"A random string over an alphabet of single characters (default `{SymbolSequenceTask.DefaultAlphabet}`); the answer is the string reversed. Length: the number of symbols.",
        _ => throw new ArgumentOutOfRangeException(nameof(task), $"no description of task {task}: add one here"),
    };

    private static string FormatText(IAlgorithmicTask task, string format) => (task is AdditionTask, format) switch
    {
        (false, "direct") => "Prompt `>>> b1 … bn ===`, target the final parity `p_n` alone.",
        (false, "scratchpad") => "Prompt `>>> x1 … xn ===`, target one output item per step (`p1 … pn` for parity). To write step i the model must find input item i by its index.",
        (false, "interleaved") => "Target `b1 p1 b2 p2 … bn pn`: each step repeats the bit it reads, so the current bit is always the last token. Without `forced` the model copies the b_i itself (index-based again); with `forced` the environment supplies them.",
        (false, "anchors") => "Random aligned anchors: prompt `>>> A1 x1 A2 x2 … An xn ===`, target `A1 y1 … An yn`, where the target step repeats the anchor of the input item it reads. A_i are distinct, drawn afresh per example from `M0 … M{pool-1}`.",
        (false, "anchors-numeric") => "A_i is the number i; items that are digits are spelled as letters (`0`→`a`, `1`→`b`) in prompt and target alike, so they cannot be read as anchors.",
        (false, "anchors-constant") => "Every anchor is `#`.",
        (false, "anchors-nonaligned") => "The prompt's anchors are one random sample, the target's a second one, disjoint from the first: the target's anchors say nothing about where to read.",
        (false, "anchors-cyclic") => "A_i = `M<(i-1) mod c>` for the cycle length c (`--cycle`, default 8): the same anchors in every example. With spacing, i counts the anchors, not the items.",
        (true, "plain") => "`>>> a + b === (r reversed) ### r`, digits space separated, most significant first in the operands.",
        (true, "anchors") => "One random anchor per place value (units, tens, …, carry place). In each operand every digit is preceded by the anchor of its place and the operand ends with the carry place's anchor; every digit of the reversed sum and of the sum is preceded by the anchor of its place.",
        (true, "anchors-nonaligned") => "Every operand digit has its own random anchor (no sharing between operands, no carry anchor); each digit of the reversed sum and of the sum is preceded by the anchors of the operand digits of its place, the second operand's first; the carry digit by none.",
        _ => throw new ArgumentOutOfRangeException(nameof(format), $"no description of format {format} for task {task.Name}: add one here"),
    };

    private const string Introduction = """
        # Data formats

        <!-- Generated by Mnemo.Formats.FormatsDocument.Render(); tests/Mnemo.Tests/Formats/FormatsDocumentTests.cs
             fails when this file differs from it. Edit the generator, then run that test with MNEMO_WRITE_DOCS=1. -->

        Every example below is drawn by the code behind `mnemo generate` (seed 1, default options unless
        said otherwise); the JSON line is exactly what the command writes for the call shown.

        Conventions shared by every format:

        - Tokens are space separated. A prompt starts with `>>>` and ends with `===`; the target follows.
          The end-of-sequence token belongs to the model's vocabulary, not to the text.
        - Random anchors are spelled `M<k>` with k in 0..pool-1 (`--pool`, config `format_options.anchor_pool`,
          default 200); an example that needs more distinct anchors than the pool holds is refused.
        - `forced` (config `format_options.forced`): target tokens the environment supplies. They are left
          out of the loss, inserted by the decoder at evaluation, and not counted in accuracy. In the JSON
          line, `forced` lists their 0-based indices in the target's tokens.
        - `spacing` k (config `format_options.spacing`, default 1): in the anchor formats of parity, copy and
          reverse, anchors stand only before items 1, 1+k, 1+2k, … in the prompt, and the target repeats an
          anchor before exactly the steps that read a marked item.
        - `zero_pad` (config `format_options.zero_pad`, `--zero-pad`): addition operands are left-padded with
          zeros to n digits.
        - An option that does not apply to a format is ignored by it (an experiment shares one set of options
          between all its formats), except `spacing`, which the addition anchor formats refuse.

        """;

    private const string Readings = """

        ## Readings of ambiguous points

        Where the paper leaves a choice open, this project reads it as follows.

        - **interleaved without `forced`**: the paper's interleaved scratchpad has the environment supply the
          bits; without `forced` the model must copy each b_i from the prompt (a harder variant).
        - **anchor draw order**: the random anchors of an example are drawn in one partial Fisher–Yates pass
          over 0..pool-1 (the i-th draw is `rng.Next(i, pool)`). Parity, copy and reverse draw them in prompt
          order (non-aligned: the prompt's, then the target's). Aligned addition draws one per place value in
          the order the places appear in an n-digit operand (most significant first), then the carry place;
          non-aligned addition draws them in prompt order. The paper's examples come out exactly with the
          draws M17, M4, M92 (parity) and M1, M2, M3 (addition).
        - **anchors-numeric with spacing**: the anchor is the index of the item it marks (1, 1+k, …), not a
          running count of anchors; its `pool` bounds the largest index.
        - **anchors-cyclic with spacing**: the cycle runs over the anchors, so the j-th anchor is `M<(j-1) mod c>`.
        - **non-aligned addition with `zero_pad`**: the padding zeros are operand digits and get anchors of
          their own; a non-aligned example of length n needs up to 2n anchors, an aligned one n+1.
        - **addition and `spacing`**: the addition anchors mark place values, one each; "every k-th place" is
          not defined by the paper, so the addition anchor formats refuse a spacing other than 1.
        - **`###`** is a token the model writes; under `forced` only anchors are supplied.
        - **addition operands**: a one-digit operand may be 0; the longer operand never has a leading zero.
        - **copy and reverse alphabets** are strings of distinct single characters, so an operand is one string
          (`["hbad"]`); a symbol that would clash with a format's tokens (e.g. `#` under `anchors-constant`,
          or a digit that `anchors-numeric` would spell as a letter already in the alphabet) is refused.
          The alphabet is a constructor parameter of the task (configs use the default `abcdefgh`).
        - **direct and interleaved** are offered for parity only: on copy and reverse they would be trivial.

        """;
}
