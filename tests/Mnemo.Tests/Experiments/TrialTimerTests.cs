using Mnemo.Experiments;

namespace Mnemo.Tests.Experiments;

public class TrialTimerTests
{
    [Fact]
    public void Laps_are_consecutive_and_time_before_the_timer_goes_to_the_first()
    {
        var timer = new TrialTimer(alreadySeconds: 5);
        timer.Lap(TrialPhase.Startup);
        timer.Lap(TrialPhase.Training);
        timer.Lap(TrialPhase.Evaluation);
        var t = timer.Timings();
        Assert.True(t.Startup >= 5, $"{t}");
        Assert.True(t.Training >= 0 && t.Evaluation >= 0 && t.HeldOutChecks == 0 && t.Attribution == 0 && t.Saving == 0, $"{t}");
        Assert.True(t.Total >= t.Parts, $"{t}");
        Assert.Equal(t.Startup + t.Training + t.Evaluation, t.Parts, 12);
    }

    [Fact]
    public void Moving_a_stretch_never_takes_more_than_the_part_holds()
    {
        var timer = new TrialTimer(alreadySeconds: 10);
        timer.Lap(TrialPhase.Training);              // 10 s and a little
        timer.Move(TrialPhase.Training, TrialPhase.HeldOutChecks, 4);
        var t = timer.Timings();
        Assert.Equal(4, t.HeldOutChecks, 12);
        Assert.True(t.Training >= 6, $"{t}");
        timer.Move(TrialPhase.Training, TrialPhase.Saving, 1e9); // more than training holds: all of it, not below zero
        var u = timer.Timings();
        Assert.Equal(0, u.Training);
        Assert.Equal(t.Training, u.Saving, 12);
        Assert.Equal(t.Parts, u.Parts, 12);
    }

    [Fact]
    public void Timings_round_trip_through_their_file_and_add_up_part_by_part()
    {
        var dir = Directory.CreateTempSubdirectory("mnemo-timings").FullName;
        try
        {
            var a = new TrialTimings(1, 2, 3, 4, 5, 6, 22);
            var path = Path.Combine(dir, TrialTimings.FileName);
            a.Save(path);
            Assert.Equal(a, TrialTimings.TryLoad(path));
            Assert.Contains("\"held_out_checks\": 3", File.ReadAllText(path));
            Assert.Equal(new TrialTimings(2, 4, 6, 8, 10, 12, 44), TrialTimings.Sum([a, a]));
            Assert.Equal("22.0 s: start-up 1.0 s (5%), training 2.0 s (9%), held-out checks 3.0 s (14%), evaluation 4.0 s (18%), attribution 5.0 s (23%), saving 6.0 s (27%)", a.Describe());
            File.WriteAllText(path, "{not json");
            Assert.Null(TrialTimings.TryLoad(path)); // a report, never a reason to stop a sweep
            Assert.Null(TrialTimings.TryLoad(Path.Combine(dir, "none.json")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
