using Mnemo.Tasks;

namespace Mnemo.Formats;

/// <summary>Needed positions of the addition formats, found by walking the written tokens (digits,
/// <c>+</c>, <c>###</c>, and anchors: every other token). The result digit of place p is
/// (a_p + b_p + carry) mod 10, and the carry into p follows from a_{p-1}, b_{p-1} and the result
/// digit of place p-1 already written; so a reversed result digit needs the operand digits of places
/// p and p-1 (with their anchors) and the previous result digit. A digit after <c>###</c> copies the
/// reversed result digit of its place; an anchor of the target repeats the prompt anchor(s) equal to it.</summary>
internal static class AdditionNeeds
{
    private sealed record Digit(int Position, int Anchor);

    public static NeededPositions Of(ProblemInstance instance, FormattedExample example)
    {
        int n = AdditionTask.Places(instance);
        int p = example.Prompt.Count;
        var steps = new int[p + example.Target.Count];
        var needed = SequenceNeeds.EmptyNeeds(example);
        // the carry place n belongs to the last step: a sum of n-digit numbers has n + 1 digits
        int StepOf(int place) => Math.Min(place + 1, n);

        var operands = ReadOperands(example.Prompt);
        foreach (var digits in operands)
            for (int place = 0; place < digits.Count; place++)
            {
                var d = digits[place];
                steps[d.Position] = StepOf(place);
                if (d.Anchor >= 0) steps[d.Anchor] = StepOf(place);
            }
        for (int k = 0; k < p; k++)
            if (IsAnchor(example.Prompt[k]) && steps[k] == 0) steps[k] = StepOf(n); // anchor closing an operand: the carry place

        var reversed = new int[n + 1];
        var pendingAnchors = new List<int>();
        int written = 0, separator = -1;
        for (int k = 0; k < example.Target.Count; k++)
        {
            string token = example.Target[k];
            int position = p + k;
            if (token == FormatTokens.ResultSeparator) { separator = position; continue; }
            if (IsAnchor(token))
            {
                pendingAnchors.Add(position);
                needed[k] = Enumerable.Range(0, p).Where(i => example.Prompt[i] == token).ToArray();
                continue;
            }
            int place = separator < 0 ? written : n - (written - (n + 1));
            written++;
            foreach (var a in pendingAnchors.Append(position)) steps[a] = StepOf(place);
            pendingAnchors.Clear();
            if (separator >= 0)
            {
                needed[k] = [reversed[place]];
                continue;
            }
            reversed[place] = position;
            var need = new List<int>();
            foreach (var digits in operands)
                foreach (int q in new[] { place, place - 1 })
                    if (q >= 0 && q < digits.Count)
                    {
                        need.Add(digits[q].Position);
                        if (digits[q].Anchor >= 0) need.Add(digits[q].Anchor);
                    }
            if (place > 0) need.Add(reversed[place - 1]);
            needed[k] = need;
        }
        return new NeededPositions(steps, needed);
    }

    /// <summary>Per operand, its digits by place value (units first).</summary>
    private static List<List<Digit>> ReadOperands(IReadOnlyList<string> prompt)
    {
        var operands = new List<List<Digit>> { new() };
        for (int k = 1; k < prompt.Count - 1; k++)
        {
            if (prompt[k] == FormatTokens.Plus) operands.Add([]);
            else if (IsDigit(prompt[k])) operands[^1].Add(new Digit(k, IsAnchor(prompt[k - 1]) ? k - 1 : -1));
        }
        foreach (var digits in operands) digits.Reverse();
        return operands;
    }

    private static bool IsDigit(string token) => token.Length == 1 && char.IsAsciiDigit(token[0]);

    private static bool IsAnchor(string token) =>
        !IsDigit(token) && token is not (FormatTokens.PromptStart or FormatTokens.PromptEnd or FormatTokens.Plus or FormatTokens.ResultSeparator);
}
