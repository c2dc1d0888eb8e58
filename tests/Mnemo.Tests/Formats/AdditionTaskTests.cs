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

    /// <summary>Counts within 4.5 binomial standard deviations of count·p (fixed seeds: deterministic).</summary>
    private static void AssertFrequency(int observed, int draws, double p, string what)
    {
        double sd = Math.Sqrt(draws * p * (1 - p));
        Assert.True(Math.Abs(observed - draws * p) <= 4.5 * sd, $"{what}: {observed} of {draws}, expected {draws * p:0.#} ± {4.5 * sd:0.#}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void One_full_draws_the_shorter_digit_count_uniformly_and_either_order_by_a_fair_coin(int n)
    {
        var rng = new Random(100 + n);
        const int draws = 20000;
        var otherDigits = new int[n + 1];
        int longerFirst = 0, unequal = 0;
        for (int i = 0; i < draws; i++)
        {
            var o = Addition.Sample(rng, n).Operands;
            int first = o[0].Length, second = o[1].Length;
            Assert.True(first == n || second == n);
            otherDigits[Math.Min(first, second)]++;
            if (first != second) { unequal++; if (first == n) longerFirst++; }
        }
        for (int d = 1; d <= n; d++) AssertFrequency(otherDigits[d], draws, 1.0 / n, $"shorter operand with {d} digits");
        AssertFrequency(longerFirst, unequal, 0.5, "the full operand written first");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(14)]
    public void Equal_gives_both_operands_n_digits_with_uniform_digits_and_no_leading_zero(int n)
    {
        var equal = new AdditionTask(OperandDigits.Equal);
        var rng = new Random(200 + n);
        const int draws = 6000;
        var leading = new int[10];
        var inner = new int[10];
        int innerCount = 0;
        for (int i = 0; i < draws; i++)
        {
            var instance = equal.Sample(rng, n);
            Assert.Equal(n, instance.Length);
            foreach (var o in instance.Operands)
            {
                Assert.Equal(n, o.Length);
                leading[o[0] - '0']++;
                foreach (var c in o[1..]) { inner[c - '0']++; innerCount++; }
            }
        }
        // a one-digit number may be 0; a longer one starts with 1..9, uniform; every other digit is uniform in 0..9
        for (int d = 0; d < 10; d++)
            AssertFrequency(leading[d], 2 * draws, n == 1 ? 0.1 : d == 0 ? 0 : 1.0 / 9, $"leading digit {d}");
        for (int d = 0; d < 10 && innerCount > 0; d++) AssertFrequency(inner[d], innerCount, 0.1, $"inner digit {d}");
    }

    [Fact]
    public void Equal_draws_the_full_operand_first_then_the_other_from_the_same_stream()
    {
        // both operands are numbers drawn one after the other: the same seed gives the same sum, and the first
        // operand is the one one_full draws first (its longer operand), so the two options share a prefix of the stream
        var equal = new AdditionTask(OperandDigits.Equal).Sample(new Random(7), 6);
        var oneFull = Addition.Sample(new Random(7), 6);
        Assert.Equal(new AdditionTask(OperandDigits.Equal).Sample(new Random(7), 6).Operands, equal.Operands);
        Assert.Contains(equal.Operands[0], oneFull.Operands);
        Assert.Equal(6, oneFull.Operands.Max(o => o.Length));
    }

    [Fact]
    public void Operand_digits_other_than_one_full_are_refused_for_other_tasks()
    {
        var error = Assert.Throws<MnemoException>(() => TaskRegistry.Create("parity", new TaskOptions { OperandDigits = OperandDigits.Equal }));
        Assert.Equal("task_options.operand_digits: applies only to task addition, not parity (leave it at one_full)", error.Message);
        Assert.Equal(OperandDigits.Equal, ((AdditionTask)TaskRegistry.Create("addition", new TaskOptions { OperandDigits = OperandDigits.Equal })).OperandDigits);
    }

    [Theory]
    [InlineData("12", "9", 3, "021")]
    [InlineData("99", "99", 3, "198")]
    [InlineData("0", "0", 2, "00")]
    [InlineData("99999999999999999999", "1", 21, "100000000000000000000")]
    public void Sum_adds_column_by_column(string a, string b, int places, string sum) =>
        Assert.Equal(sum, AdditionTask.Sum(a, b, places));

    [Theory]
    [InlineData("12", "9", 1)]
    [InlineData("15", "17", 1)]
    [InlineData("999", "1", 3)]
    [InlineData("95", "15", 2)]
    [InlineData("1234", "4321", 0)]
    [InlineData("9090", "1919", 3)]  // units 0+9 = 9 passes nothing; then 9+1, 0+9+1, 9+1+1 each carry
    [InlineData("5050", "5050", 1)]
    [InlineData("19999", "1", 4)]
    [InlineData("50505", "50505", 1)]
    [InlineData("0", "0", 0)]
    public void The_longest_carry_chain_counts_consecutive_carrying_places(string a, string b, int chain) =>
        Assert.Equal(chain, AdditionTask.LongestCarryChain(a, b));

    [Fact]
    public void A_length_below_one_is_refused()
    {
        var error = Assert.Throws<MnemoException>(() => Addition.Sample(new Random(0), 0));
        Assert.Contains("length", error.Message);
    }
}
