using System.Diagnostics;
using Mnemo.Experiments.Slurm;

namespace Mnemo.Tests.Experiments.Slurm;

public class SbatchScriptTests
{
    [Fact]
    public void The_script_runs_one_trial_per_array_task_with_the_requested_resources()
    {
        var options = new SlurmOptions
        {
            JobName = "mnemo-quickstart", Partition = "gpu", Time = "02:00:00", Cpus = 4, MaxConcurrent = 8,
        };
        var script = SbatchScript.Render(options, 12, "/home/ada/mnemo", "/scratch/runs/quickstart/slurm",
            ["/home/ada/mnemo/bin/mnemo"], ["experiments/quickstart.yaml", "--out", "/scratch/runs/quickstart", "--scale", "full"]);

        Assert.Equal("""
            #!/bin/bash
            #SBATCH --job-name=mnemo-quickstart
            #SBATCH --array=0-11%8
            #SBATCH --cpus-per-task=4
            #SBATCH --time=02:00:00
            #SBATCH --partition=gpu
            #SBATCH --output=/scratch/runs/quickstart/slurm/%A_%a.out
            set -euo pipefail
            cd /home/ada/mnemo
            export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-1}"
            export DOTNET_PROCESSOR_COUNT="${SLURM_CPUS_PER_TASK:-1}"
            exec /home/ada/mnemo/bin/mnemo sweep experiments/quickstart.yaml --out /scratch/runs/quickstart --scale full --trial "$SLURM_ARRAY_TASK_ID"

            """, script);
    }

    [Fact]
    public void Defaults_leave_time_partition_gpus_and_concurrency_to_the_cluster()
    {
        var script = SbatchScript.Render(new SlurmOptions(), 1, "/w", "/w/out/slurm", ["dotnet", "/w/mnemo.dll"], ["sweep.yaml"]);

        Assert.Contains("#SBATCH --array=0-0\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=1\n", script);
        Assert.DoesNotContain("--time", script);
        Assert.DoesNotContain("--partition", script);
        Assert.DoesNotContain("--gres", script);
        Assert.Contains("exec dotnet /w/mnemo.dll sweep sweep.yaml --trial \"$SLURM_ARRAY_TASK_ID\"\n", script);
    }

    [Fact]
    public void Paths_with_spaces_quotes_and_percent_signs_stay_whole()
    {
        var script = SbatchScript.Render(new SlurmOptions { JobName = "Ada's sweep" }, 2, "/home/ada/my runs",
            "/home/ada/my runs/100% it's/slurm", ["/opt/mnemo/mnemo"], ["a b.yaml", "--set", "name=\"x y\""]);

        Assert.Contains("#SBATCH --job-name='Ada'\\''s sweep'\n", script);
        Assert.Contains("#SBATCH --output='/home/ada/my runs/100%% it'\\''s/slurm/%A_%a.out'\n", script);
        Assert.Contains("cd '/home/ada/my runs'\n", script);
        Assert.Contains("exec /opt/mnemo/mnemo sweep 'a b.yaml' --set 'name=\"x y\"' --trial", script);
    }

    [Fact]
    public void A_sweep_without_trials_is_refused()
    {
        var error = Assert.Throws<MnemoException>(() =>
            SbatchScript.Render(new SlurmOptions(), 0, "/w", "/w/slurm", ["mnemo"], ["x.yaml"]));
        Assert.Equal("the sweep has no trials to submit (got 0)", error.Message);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("it's")]
    [InlineData("'")]
    [InlineData("\"double\" and $HOME and `date` and \\n")]
    [InlineData("line\nbreak")]
    [InlineData("*.yaml ; rm -rf /")]
    public void Bash_receives_every_quoted_word_unchanged(string word)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"printf '%s' {ShellQuote.Quote(word)}");
        using var bash = Process.Start(info)!;
        var echoed = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(word, echoed);
    }
}
