using System.Numerics;
using Mnemo.Formats;
using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

/// <summary>Every addition format over many seeds and lengths: the target decodes to the sum, the
/// prompt to the operands, and the anchors obey the format's rule.</summary>
public class AdditionPropertyTests
{
    private static readonly AdditionTask Addition = new();

    public static TheoryData<string, bool, bool> Variants()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var format in FormatRegistry.NamesFor(Addition))
            foreach (var zeroPad in new[] { false, true })
                foreach (var forced in new[] { false, true })
                    data.Add(format, zeroPad, forced);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Targets_decode_to_the_sum_and_anchors_obey_the_format(string formatName, bool zeroPad, bool forced)
    {
        var format = FormatRegistry.Create(Addition, formatName, new FormatOptions { ZeroPad = zeroPad, Forced = forced, AnchorPool = 60 });
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new Random(seed);
            for (int n = 1; n <= 30; n++)
            {
                var instance = Addition.Sample(rng, n);
                var e = format.Render(instance, rng);
                var reading = AdditionReading.Read(e);

                var (a, b) = (instance.Operands[0], instance.Operands[1]);
                var expected = (BigInteger.Parse(a) + BigInteger.Parse(b)).ToString().PadLeft(n + 1, '0');
                Assert.Equal(expected, string.Concat(reading.Sum.Select(d => d.Digit)));
                Assert.Equal(expected, string.Concat(reading.Reversed.Select(d => d.Digit).Reverse()));
                Assert.Equal(instance.Operands.Select(o => zeroPad ? o.PadLeft(n, '0') : o), reading.OperandDigits);
                Assert.Equal(e.Target.Select(t => forced && AdditionReading.IsAnchor(t)), e.Forced);

                switch (formatName)
                {
                    case "plain": AssertNoAnchors(e); break;
                    case "anchors": AssertAligned(reading, n); break;
                    case "anchors-nonaligned": AssertNonAligned(reading, n); break;
                    default: Assert.Fail($"no rule for {formatName}"); break;
                }
            }
        }
    }

    private static void AssertNoAnchors(FormattedExample e) =>
        Assert.DoesNotContain(e.Prompt.Concat(e.Target), AdditionReading.IsAnchor);

    /// <summary>One anchor per place (both operands and the result agree), the carry anchor closing each
    /// operand and marking the carry digit, n+1 distinct anchors in all.</summary>
    private static void AssertAligned(AdditionReading r, int n)
    {
        var carry = r.Ends[0];
        Assert.NotNull(carry);
        Assert.All(r.Ends, end => Assert.Equal(carry, end));
        var place = Enumerable.Range(0, n).Select(p => r.AnchorAt(r.Operands[0].Count == n ? 0 : 1, p)!).Append(carry!).ToList();
        Assert.Equal(n + 1, place.Distinct().Count());
        for (int o = 0; o < 2; o++)
            for (int p = 0; p < r.Operands[o].Count; p++)
                Assert.Equal(place[p], r.AnchorAt(o, p));
        for (int p = 0; p <= n; p++)
        {
            Assert.Equal([place[p]], r.Reversed[p].Anchors);
            Assert.Equal([place[p]], r.Sum[n - p].Anchors);
        }
    }

    /// <summary>A distinct anchor per operand digit, none closing an operand; a result digit carries the
    /// anchors of its place's operand digits, the second operand's first, and the carry digit none.</summary>
    private static void AssertNonAligned(AdditionReading r, int n)
    {
        Assert.All(r.Ends, end => Assert.Null(end));
        var all = r.Operands.SelectMany(o => o.Select(d => d.Anchor)).ToList();
        Assert.All(all, anchor => Assert.NotNull(anchor));
        Assert.Equal(all.Count, all.Distinct().Count());
        for (int p = 0; p <= n; p++)
        {
            var expected = new[] { r.AnchorAt(1, p), r.AnchorAt(0, p) }.OfType<string>().ToList();
            Assert.Equal(expected, r.Reversed[p].Anchors);
            Assert.Equal(expected, r.Sum[n - p].Anchors);
        }
        Assert.Empty(r.Reversed[n].Anchors);
    }
}
