using Mnemo.Experiments;
using Mnemo.Formats;
using Mnemo.Tests.Reliability;

namespace Mnemo.Tests.Experiments;

public sealed class CheckpointIdentityTests
{
    private static readonly RunConfig Run = ReliabilityKit.TinyRun(30) with
    {
        Format = "anchors",
        FormatOptions = new FormatOptions { AnchorPool = 16, Forced = true },
    };

    [Fact]
    public void The_identity_of_a_config_is_pinned_so_checkpoints_resume_across_versions()
    {
        // Changing this value makes every stopped run of earlier versions unresumable: only do it when what
        // a config trains has changed (a new setting at its default must leave it as it is)
        Assert.Equal("a47838a6ab9bee7f72c8eff066c639af", TrialRunner.Identity(Run));
    }

    [Fact]
    public void Threads_and_checkpoint_frequency_do_not_change_the_identity_but_what_is_trained_does()
    {
        var id = TrialRunner.Identity(Run);
        Assert.Equal(id, TrialRunner.Identity(Run with { Training = Run.Training with { Threads = 2, CheckpointEvery = 7 } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { Training = Run.Training with { Steps = 31 } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { FormatOptions = Run.FormatOptions with { Forced = false } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { Model = Run.Model with { DModel = 64 } }));
        Assert.NotEqual(id, TrialRunner.Identity(Run with { Seed = 4 }));
        Assert.Equal(id, TrialRunner.Identity(Run with { TaskOptions = new Mnemo.Tasks.TaskOptions() }));
    }

    [Fact]
    public void A_fine_tuning_run_s_identity_keeps_the_layout_of_versions_where_the_checkpoint_was_a_model_setting()
    {
        // model.pretrained and model.anchor_tokens were declared right after model.logn_base and before the
        // architecture options of pretrained checkpoints (gelu_tanh, …), and the computed properties were written
        // too (epsilon, is_pretrained, head_dim; at their defaults left out): stopped runs of those versions resume
        var pretrained = new Mnemo.Pretrained.PretrainedConfig { Path = "/ckpt", AnchorTokens = "added" };
        Assert.Equal("""{"layers":1,"d_model":32,"heads":2,"mlp_width":64,"pretrained":"/ckpt","anchor_tokens":"added","is_pretrained":true,"head_dim":16}""",
            TrialRunner.IdentityJson(Run with { Pretrained = pretrained })["model"]!.ToJsonString());
        var model = Run.Model with { AttentionScaling = Mnemo.Models.AttentionScaling.Logn, LognBase = 8, GeluTanh = true };
        Assert.Equal("""{"layers":1,"d_model":32,"heads":2,"mlp_width":64,"attention_scaling":"logn","logn_base":8,"pretrained":"/ckpt","anchor_tokens":"added","gelu_tanh":true,"is_pretrained":true,"head_dim":16}""",
            TrialRunner.IdentityJson(Run with { Model = model, Pretrained = pretrained })["model"]!.ToJsonString());
        Assert.Equal("""{"layers":1,"d_model":32,"heads":2,"mlp_width":64,"head_dim":16}""", TrialRunner.IdentityJson(Run)["model"]!.ToJsonString());
    }

    [Fact]
    public void A_config_json_of_earlier_versions_with_the_derived_is_pretrained_still_loads()
    {
        // every config.json written before the pretrained section holds model.is_pretrained (false here)
        var dir = Directory.CreateTempSubdirectory("mnemo-layout").FullName;
        try
        {
            var path = Path.Combine(dir, "config.json");
            ConfigFiles.SaveRun(Run, path);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Null(json["model"]!["is_pretrained"]);
            json["model"]!["is_pretrained"] = false;
            File.WriteAllText(path, json.ToJsonString());

            var loaded = ConfigFiles.LoadRun(path);
            Assert.Equal(TrialRunner.Identity(Run), TrialRunner.Identity(loaded));
            Assert.Null(loaded.Pretrained);
        }
        finally { Directory.Delete(dir, true); }
    }
}
