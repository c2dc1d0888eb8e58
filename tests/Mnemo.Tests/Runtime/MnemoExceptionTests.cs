using Mnemo.Attribution;
using Mnemo.Experiments;

namespace Mnemo.Tests.Runtime;

/// <summary>The library names its inputs by its own names, carried as data; a front end renders them as
/// the flags the user typed, without reading the text.</summary>
public class MnemoExceptionTests
{
    [Fact]
    public void A_library_error_names_its_inputs_by_the_library_s_names()
    {
        var error = Assert.Throws<MnemoException>(() => AttributionMethods.Create("saliency"));
        Assert.Equal("method: unknown attribution method 'saliency' (allowed: grad-x-input, grad-norm)", error.Message);
        Assert.Equal(AttributionRequest.Inputs.Method, error.Field);
    }

    [Fact]
    public void Rendering_replaces_the_field_and_every_input_inside_the_line_and_nothing_else()
    {
        var size = 3;
        var error = new MnemoException(InputName.Output, $"out/{size} exists; pass {InputName.Force} to replace it, or output elsewhere");

        Assert.Equal("output: out/3 exists; pass force to replace it, or output elsewhere", error.Message);
        Assert.Equal("--out: out/3 exists; pass --force to replace it, or output elsewhere",
            error.Render(input => input == InputName.Output ? "--out" : input == InputName.Force ? "--force" : input.Name));
    }

    [Fact]
    public void An_error_without_inputs_renders_as_its_message()
    {
        var error = new MnemoException("model.layers: must be at least 1, got 0");
        Assert.Null(error.Field);
        Assert.Equal(error.Message, error.Render(_ => "--flag"));
    }

    [Fact]
    public void Numbers_keep_their_format()
    {
        var error = new MnemoException(new InputName("model.d_model"), $"{1_000_000:N0} needs about");
        Assert.Equal("model.d_model: 1,000,000 needs about", error.Message);
    }
}
