using System.Globalization;
using CsCheck;
using LiubeiSim.Model.District;

namespace LiubeiSim.Model.Tests.District;

public sealed class FormulaEvaluatorTests
{
    private static double Eval(string formula) =>
        FormulaEvaluator.Evaluate(formula, id => id switch
        {
            "a" => 6.68,
            "b" => 4.89,
            "D5.industrial" => 47,
            _ => throw new KeyNotFoundException(id),
        });

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("24 / 4 / 2", 3)]
    [InlineData("-2 * -3", 6)]
    [InlineData("2 - -3", 5)]
    [InlineData("1.5 + .5", 2)]
    [InlineData("{ D5.industrial } / 47", 1)]
    public void Evaluates_with_usual_precedence_and_left_associativity(string formula, double expected)
    {
        Assert.Equal(expected, Eval(formula), 1e-12);
    }

    [Fact]
    public void Growth_formula_matches_direct_arithmetic()
    {
        Assert.Equal(6.68 / 4.89 * 100 - 100, Eval("{a} / {b} * 100 - 100"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 +")]
    [InlineData("(1 + 2")]
    [InlineData("{a")]
    [InlineData("{}")]
    [InlineData("{a b}")]
    [InlineData("1 2")]
    [InlineData("2 ^ 3")]
    [InlineData("1,5")]
    public void Refuses_bad_syntax(string formula)
    {
        Assert.Throws<FormatException>(() => Eval(formula));
    }

    [Fact]
    public void References_are_distinct_in_order_of_appearance()
    {
        Assert.Equal(["b", "a"], FormulaEvaluator.References("{b} * ({a} - {b})"));
        Assert.Empty(FormulaEvaluator.References("1 + 2"));
    }

    /// <summary>A random expression tree, rendered fully parenthesised, evaluates exactly as C# does.</summary>
    [Fact]
    public void Random_expressions_agree_with_direct_evaluation()
    {
        Gen.Int[0, 1 << 20].Array[1, 60].Sample(choices =>
        {
            var i = 0;
            var (text, expected) = Build(choices, ref i, depth: 0);
            var actual = FormulaEvaluator.Evaluate(text, id => Leaf(int.Parse(id[1..], CultureInfo.InvariantCulture)));
            Assert.True(expected.Equals(actual), $"{text}: expected {expected}, got {actual}");
        });
    }

    // Quarter steps are exact in binary, so the parsed literal and the C# double are the same number.
    private static double Leaf(int n) => n % 1000 / 4.0;

    private static (string Text, double Value) Build(int[] choices, ref int i, int depth)
    {
        var choice = i < choices.Length ? choices[i++] : 0;
        if (depth >= 5 || choice % 3 == 0)
        {
            var n = choice / 3;
            return choice % 2 == 0
                ? (Leaf(n).ToString("R", CultureInfo.InvariantCulture), Leaf(n))
                : ($"{{v{n}}}", Leaf(n));
        }

        var left = Build(choices, ref i, depth + 1);
        var right = Build(choices, ref i, depth + 1);
        return (choice / 3 % 5) switch
        {
            0 => ($"({left.Text} + {right.Text})", left.Value + right.Value),
            1 => ($"({left.Text} - {right.Text})", left.Value - right.Value),
            2 => ($"({left.Text} * {right.Text})", left.Value * right.Value),
            3 => ($"({left.Text} / {right.Text})", left.Value / right.Value),
            _ => ($"-{left.Text}", -left.Value),
        };
    }
}
