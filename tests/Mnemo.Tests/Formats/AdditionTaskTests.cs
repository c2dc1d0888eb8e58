using Mnemo.Tasks;

namespace Mnemo.Tests.Formats;

public class AdditionTaskTests
{
    private static readonly AdditionTask Addition = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(14)]
    public void The_longer_operand_has_exactly_n_digits_and_the_other_1_to_n(int n)
    {
        var rng = new Random(n);
        var otherLengths = new HashSet<int>();
        var longerFirst = new HashSet<bool>();
        for (int i = 0; i < 2000; i++)
        {
            var instance = Addition.Sample(rng, n);
            Assert.Equal(n, instance.Length);
            Assert.Equal(2, instance.Operands.Count);
            Assert.Equal(n, instance.Operands.Max(o => o.Length));
            foreach (var o in instance.Operands)
            {
                Assert.All(o, c => Assert.True(char.IsAsciiDigit(c)));
                if (o.Length > 1) Assert.NotEqual('0', o[0]);
            }
            otherLengths.Add(instance.Operands.Min(o => o.Length));
            if (instance.Operands[0].Length != instance.Operands[1].Length) longerFirst.Add(instance.Operands[0].Length == n);
        }
        Assert.Equal(Enumerable.Range(1, n), otherLengths.Order());
        // either operand may be the longer one
        Assert.Equal(n == 1 ? 0 : 2, longerFirst.Count);
    }

    [Theory]
    [InlineData("12", "9", 3, "021")]
    [InlineData("99", "99", 3, "198")]
    [InlineData("0", "0", 2, "00")]
    [InlineData("99999999999999999999", "1", 21, "100000000000000000000")]
    public void Sum_adds_column_by_column(string a, string b, int places, string sum) =>
        Assert.Equal(sum, AdditionTask.Sum(a, b, places));

    [Fact]
    public void A_length_below_one_is_refused()
    {
        var error = Assert.Throws<MnemoException>(() => Addition.Sample(new Random(0), 0));
        Assert.Contains("length", error.Message);
    }
}
