namespace Mnemo.Tests;

/// <summary>A Random whose Next(min, max) returns scripted values, to steer anchor sampling to the
/// exact anchors of the paper's examples.</summary>
public sealed class ScriptedRandom(params int[] values) : Random
{
    private int next;

    public override int Next(int minValue, int maxValue)
    {
        int v = values[next++];
        Assert.InRange(v, minValue, maxValue - 1);
        return v;
    }
}
