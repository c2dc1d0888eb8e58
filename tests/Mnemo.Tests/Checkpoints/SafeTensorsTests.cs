using System.Text;
using Mnemo.Checkpoints;
using Mnemo.Tests.Models;
using static TorchSharp.torch;

namespace Mnemo.Tests.Checkpoints;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mnemo-st").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Fact]
    public void Save_then_load_gives_identical_tensors_and_logits()
    {
        using var model = TinyModels.Create("rope", seed: 1);
        using var other = TinyModels.Create("rope", seed: 2);
        var path = Path.Combine(dir, "m.safetensors");
        ModelCheckpoint.Save(model, path);
        ModelCheckpoint.Load(other, path);
        using var _ = no_grad();
        var ids = tensor(new long[] { 2, 3, 4 }).unsqueeze(0);
        var pos = arange(3, dtype: int64).unsqueeze(0);
        Assert.True(model.Forward(ids, pos).allclose(other.Forward(ids, pos), rtol: 0, atol: 0));
    }

    [Fact]
    public void The_file_layout_is_the_published_one()
    {
        var path = Path.Combine(dir, "x.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = tensor(new float[] { 1, 2 }) });
        var bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd();
        Assert.Equal("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(8 + headerLength + 8, bytes.Length);
        Assert.Equal(2f, BitConverter.ToSingle(bytes, (int)(8 + headerLength + 4)));
    }

    [Fact]
    public void A_checkpoint_of_another_shape_is_refused()
    {
        var path = Path.Combine(dir, "m.safetensors");
        using (var small = TinyModels.Create("learned", maxPositions: 64)) ModelCheckpoint.Save(small, path);
        using var large = TinyModels.Create("learned", maxPositions: 128);
        var error = Assert.Throws<MnemoException>(() => ModelCheckpoint.Load(large, path));
        Assert.Contains("different model shape", error.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("header-too-long")]
    [InlineData("offsets-out-of-range")]
    [InlineData("unknown-dtype")]
    [InlineData("not-json")]
    [InlineData("not-an-object")]
    [InlineData("entry-not-an-object")]
    [InlineData("duplicate-name")]
    [InlineData("begin-after-end")]
    [InlineData("size-mismatch")]
    [InlineData("overlap")]
    [InlineData("gap")]
    [InlineData("trailing-bytes")]
    [InlineData("header-length-zero")]
    [InlineData("shorter-than-8-bytes")]
    public void Malformed_files_give_one_clear_error(string kind)
    {
        var path = Path.Combine(dir, "bad.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = tensor(new float[] { 1, 2, 3, 4 }), ["x"] = tensor(new float[] { 5, 6 }) });
        var bytes = File.ReadAllBytes(path);
        long h = BitConverter.ToInt64(bytes, 0);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)h);
        byte[] WithHeader(string text)
        {
            var json = Encoding.UTF8.GetBytes(text);
            return [.. BitConverter.GetBytes((long)json.Length), .. json, .. bytes[(int)(8 + h)..]];
        }
        bytes = kind switch
        {
            "truncated" => bytes[..^5],
            "header-too-long" => [.. BitConverter.GetBytes(1L << 40), .. bytes[8..]],
            "offsets-out-of-range" => WithHeader(header.Replace("[0,16]", "[0,1600]")),
            "unknown-dtype" => WithHeader(header.Replace("F32", "F7")),
            "not-an-object" => WithHeader("[1, 2]"),
            "entry-not-an-object" => WithHeader(header.Replace("\"x\":{", "\"x\":[{").Replace("[16,24]}", "[16,24]}]")),
            "duplicate-name" => WithHeader(header.Replace("\"x\":", "\"w\":")),
            "begin-after-end" => WithHeader(header.Replace("[16,24]", "[24,16]")),
            "size-mismatch" => WithHeader(header.Replace("[16,24]", "[16,20]")),
            "overlap" => WithHeader(header.Replace("[16,24]", "[8,16]")),
            "gap" => [.. WithHeader(header.Replace("[16,24]", "[20,28]")), 0, 0, 0, 0],
            "trailing-bytes" => [.. bytes, 0, 0, 0, 0],
            "header-length-zero" => [.. BitConverter.GetBytes(0L), .. bytes[8..]],
            "shorter-than-8-bytes" => bytes[..5],
            _ => WithHeader("{not json"),
        };
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MnemoException>(() => SafeTensors.Load(path));
        Assert.StartsWith(path, error.Message);
    }
}
