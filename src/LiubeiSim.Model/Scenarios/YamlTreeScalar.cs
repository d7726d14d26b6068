using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace LiubeiSim.Model.Scenarios;

/// <summary>A scalar with its YAML 1.2 core-schema meaning.</summary>
internal sealed partial class YamlTreeScalar : YamlTreeNode
{
    public YamlTreeScalar(SourceMark start, string path, string value, ScalarStyle style)
        : base(start, path)
    {
        Value = value;
        IsPlain = style is ScalarStyle.Plain or ScalarStyle.Any;
        (Kind, Number) = IsPlain ? Classify(value) : (ScalarKind.Text, 0.0);
    }

    public string Value { get; }

    public bool IsPlain { get; }

    public ScalarKind Kind { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="ScalarKind.Number"/>; infinite when it overflows a double.</summary>
    public double Number { get; }

    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "no value",
        ScalarKind.Boolean => $"the boolean {Value}",
        ScalarKind.Number => $"the number {ProblemText.Quote(Value)}",
        ScalarKind.NonFinite => $"the non-finite number {ProblemText.Quote(Value)}",
        _ => IsPlain ? $"the text {ProblemText.Quote(Value)}" : $"the quoted text {ProblemText.Quote(Value)}",
    };

    private static (ScalarKind Kind, double Number) Classify(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return (ScalarKind.Null, 0.0);
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                return (ScalarKind.Boolean, 0.0);
        }

        // YAML's .nan/.inf and .NET's NaN/Infinity would otherwise slip through as numbers or as odd text.
        var bare = value.TrimStart('+', '-').TrimStart('.');
        if (bare.Equals("nan", StringComparison.OrdinalIgnoreCase) ||
            bare.Equals("inf", StringComparison.OrdinalIgnoreCase) ||
            bare.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return (ScalarKind.NonFinite, double.NaN);
        }

        if (NumberPattern().IsMatch(value) &&
            double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            return (ScalarKind.Number, number);
        }

        return (ScalarKind.Text, 0.0);
    }

    // The YAML 1.2 core schema's decimal int and float forms.
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
