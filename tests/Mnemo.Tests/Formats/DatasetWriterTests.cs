using System.Text.Json;
using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

public class DatasetWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mnemo-generate-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DatasetRequest Request(string task, string format, int seed, FormatOptions? options = null, int min = 3, int max = 9, int count = 200) =>
        new(task, format, options ?? new FormatOptions(), min, max, count, seed);

    private byte[] WriteAndRead(DatasetRequest request, string name)
    {
        var path = Path.Combine(_dir, name);
        DatasetWriter.Write(request, path);
        return File.ReadAllBytes(path);
    }

    [Theory]
    [InlineData("parity", "anchors")]
    [InlineData("addition", "anchors-nonaligned")]
    [InlineData("reverse", "anchors-cyclic")]
    public void The_same_seed_gives_the_same_file_byte_for_byte(string task, string format)
    {
        var first = WriteAndRead(Request(task, format, seed: 42), "a.jsonl");
        var second = WriteAndRead(Request(task, format, seed: 42), "b.jsonl");
        var other = WriteAndRead(Request(task, format, seed: 43), "c.jsonl");
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_fixed_seed_gives_a_stable_line()
    {
        var text = System.Text.Encoding.UTF8.GetString(WriteAndRead(Request("parity", "anchors", seed: 7, new FormatOptions { Forced = true, AnchorPool = 64 }, min: 4, max: 4, count: 1), "one.jsonl"));
        Assert.Equal("""
            {"task":"parity","format":"anchors","length":4,"operands":["1100"],"prompt":">>> M43 1 M3 1 M61 0 M54 0 ===","target":"M43 1 M3 0 M61 0 M54 0","forced":[0,2,4,6]}

            """.Replace("\r\n", "\n"), text);
    }

    [Theory]
    [InlineData("parity", "interleaved", true)]
    [InlineData("parity", "scratchpad", false)]
    [InlineData("addition", "anchors", true)]
    [InlineData("addition", "plain", false)]
    [InlineData("copy", "anchors", false)]
    public void Every_line_has_the_documented_fields_and_ends_with_the_answer_of_its_operands(string task, string format, bool forced)
    {
        var request = Request(task, format, seed: 3, new FormatOptions { Forced = forced, ZeroPad = true });
        var lines = System.Text.Encoding.UTF8.GetString(WriteAndRead(request, "d.jsonl")).Split('\n');
        Assert.Equal(request.Count + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        var lengths = new HashSet<int>();
        foreach (var line in lines[..^1])
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(["task", "format", "length", "operands", "prompt", "target", "forced"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(task, root.GetProperty("task").GetString());
            Assert.Equal(format, root.GetProperty("format").GetString());
            int length = root.GetProperty("length").GetInt32();
            Assert.InRange(length, request.MinLength, request.MaxLength);
            lengths.Add(length);
            var operands = root.GetProperty("operands").EnumerateArray().Select(o => o.GetString()!).ToList();
            Assert.Equal(length, operands.Max(o => o.Length));
            var prompt = root.GetProperty("prompt").GetString()!;
            Assert.StartsWith(">>> ", prompt);
            Assert.EndsWith(" ===", prompt);
            var target = root.GetProperty("target").GetString()!.Split(' ');
            var forcedIndices = root.GetProperty("forced").EnumerateArray().Select(i => i.GetInt32()).ToList();
            if (!forced) Assert.Empty(forcedIndices);
            else Assert.NotEmpty(forcedIndices);
            Assert.All(forcedIndices, i => Assert.InRange(i, 0, target.Length - 1));
            // the answer the target ends with is the operands' answer (anchors, M…, left out)
            var answer = target.Where(t => !t.StartsWith('M')).ToList();
            switch (task)
            {
                case "parity":
                    Assert.Equal((operands[0].Count(c => c == '1') % 2).ToString(), answer[^1]);
                    break;
                case "addition":
                    var sum = (long.Parse(operands[0]) + long.Parse(operands[1])).ToString().PadLeft(length + 1, '0');
                    Assert.Equal(sum, string.Concat(answer.SkipWhile(t => t != "###").Skip(1)));
                    break;
                case "copy":
                    Assert.Equal(operands[0], string.Concat(answer));
                    break;
            }
        }
        Assert.Equal(Enumerable.Range(request.MinLength, request.MaxLength - request.MinLength + 1), lengths.Order());
        Assert.DoesNotContain("\\u", string.Concat(lines));
    }

    [Fact]
    public void Records_are_what_the_format_renders_from_the_same_stream()
    {
        var request = Request("addition", "anchors", seed: 9, min: 5, max: 5, count: 3);
        var records = DatasetWriter.Generate(request).ToList();
        var rng = new Random(9);
        var format = FormatRegistry.Create(new AdditionTask(), "anchors", new FormatOptions());
        foreach (var record in records)
        {
            var instance = new AdditionTask().Sample(rng, rng.Next(5, 6));
            var e = format.Render(instance, rng);
            Assert.Equal(instance.Operands, record.Operands);
            Assert.Equal(e.PromptText, record.Prompt);
            Assert.Equal(e.TargetText, record.Target);
        }
    }

    [Fact]
    public void An_existing_file_is_replaced_only_when_asked()
    {
        var path = Path.Combine(_dir, "mine.jsonl");
        File.WriteAllText(path, "a user's own lines\n");
        var error = Assert.Throws<MnemoException>(() => DatasetWriter.Write(Request("parity", "scratchpad", 1), path));
        Assert.Equal($"output: {path} exists; pass force to replace it, or choose another file", error.Message);
        Assert.Equal(InputName.Output, error.Field);
        Assert.Equal("a user's own lines\n", File.ReadAllText(path));
        DatasetWriter.Write(Request("parity", "scratchpad", 1), path, replace: true);
        Assert.Equal(WriteAndRead(Request("parity", "scratchpad", 1), "fresh.jsonl"), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_missing_folder_is_made_and_a_path_that_cannot_be_a_file_is_a_clear_error()
    {
        var nested = Path.Combine(_dir, "missing", "x.jsonl");
        DatasetWriter.Write(Request("parity", "scratchpad", 1), nested);
        Assert.Equal(WriteAndRead(Request("parity", "scratchpad", 1), "same.jsonl"), File.ReadAllBytes(nested));

        var blocked = Path.Combine(nested, "y.jsonl"); // x.jsonl is a file
        Assert.Equal($"{Path.GetDirectoryName(blocked)}: cannot be an output folder: {nested} is a file",
            Assert.Throws<MnemoException>(() => DatasetWriter.Write(Request("parity", "scratchpad", 1), blocked)).Message);
        var folder = Path.Combine(_dir, "missing");
        var error = Assert.Throws<MnemoException>(() => DatasetWriter.Write(Request("parity", "scratchpad", 1), folder, replace: true));
        Assert.Equal($"output: {folder} is a folder; give a file name (e.g. {Path.Combine(folder, "data.jsonl")})", error.Message);
        Assert.Equal("x.jsonl", Path.GetFileName(Assert.Single(Directory.GetFiles(folder)))); // nothing else written
    }
}
