using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Experiments.Slurm;

public class SlurmOptionsTests
{
    [Theory]
    [InlineData("30")]
    [InlineData("30:00")]
    [InlineData("02:00:00")]
    [InlineData("1-00")]
    [InlineData("1-12:30")]
    [InlineData("2-00:00:00")]
    public void Every_form_of_sbatch_time_is_accepted(string time)
    {
        new SlurmOptions { Time = time }.Validate();
    }

    [Theory]
    [InlineData("1h", "time")]
    [InlineData("1:2:3:4", "time")]
    [InlineData("-5", "time")]
    [InlineData("", "time")]
    public void A_bad_time_names_the_option_and_the_value(string time, string option)
    {
        var error = Assert.Throws<MnemoException>(() => new SlurmOptions { Time = time }.Validate());
        Assert.StartsWith(option + ":", error.Message);
        Assert.Equal(SlurmOptions.Inputs.Time, error.Field);
        Assert.Contains($"'{time}'", error.Message);
    }

    [Theory]
    [InlineData("cpus", "0", "cpus: must be at least 1, got 0")]
    [InlineData("gpus", "-1", "gpus: must be at least 0, got -1")]
    [InlineData("gpus", "1", "gpus: 1 refused: this build of Mnemo trains on the CPU only (TorchSharp with the CPU libtorch), so a GPU would sit idle; leave gpus out and give the trials cpus")]
    [InlineData("max-concurrent", "0", "max_concurrent: must be at least 1, got 0")]
    [InlineData("partition", "gpu long", "partition: must be a partition name without spaces, got 'gpu long'")]
    [InlineData("job-name", "", "job_name: must be a non-empty single line")]
    [InlineData("job-name", "a\nb", "job_name: must be a non-empty single line")]
    public void Bad_options_stop_with_one_clear_line(string option, string value, string message)
    {
        var options = option switch
        {
            "cpus" => new SlurmOptions { Cpus = int.Parse(value) },
            "gpus" => new SlurmOptions { Gpus = int.Parse(value) },
            "max-concurrent" => new SlurmOptions { MaxConcurrent = int.Parse(value) },
            "partition" => new SlurmOptions { Partition = value },
            _ => new SlurmOptions { JobName = value },
        };
        Assert.Equal(message, Assert.Throws<MnemoException>(() => options.Validate()).Message);
    }
}
