using Mnemo.Experiments;
using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

/// <summary>Every format is usable from an experiment file, options included.</summary>
public class FormatConfigTests
{
    public static TheoryData<string, string> AllFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var task in TaskRegistry.Names)
            foreach (var format in FormatRegistry.NamesFor(TaskRegistry.Create(task)))
                data.Add(task, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void An_experiment_file_accepts_the_format(string task, string format)
    {
        var config = ConfigFiles.ParseExperiment($"""
            task: {task}
            formats: [{format}]
            format_options: {"{"}forced: true, zero_pad: true, cycle: 4, anchor_pool: 64{"}"}
            training: {"{"}min_length: 1, max_length: 8{"}"}
            evaluation: {"{"}lengths: [4, 16]{"}"}
            """, "test.yaml");
        Assert.True(config.FormatOptions.ZeroPad);
        Assert.True(config.FormatOptions.Forced);
        Assert.Equal(4, config.FormatOptions.Cycle);
    }
}
