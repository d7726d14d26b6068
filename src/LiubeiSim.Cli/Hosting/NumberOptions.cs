using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LiubeiSim.Cli.Hosting;

/// <summary>
/// Whole-number options whose parse errors speak of the range, not of .NET types
/// (<c>--seed abc</c> → "--seed: expected a whole number 0..18446744073709551615, got 'abc'").
/// </summary>
public static class NumberOptions
{
    public static Option<int?> Int(string name, string alias, long min, long max, string description)
    {
        var option = alias.Length > 0 ? new Option<int?>(name, alias) : new Option<int?>(name);
        option.Description = description;
        option.CustomParser = result => Parse(result, name, min, max) is { } v ? (int)v : null;
        return option;
    }

    public static Option<ulong?> Seed(string description)
    {
        var option = new Option<ulong?>("--seed", "-s") { Description = description };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            {
                return seed;
            }

            result.AddError($"--seed: expected a whole number 0..{ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
            return null;
        };
        return option;
    }

    private static long? Parse(ArgumentResult result, string name, long min, long max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: expected a whole number {min}..{max}, got '{text}'"));
        return null;
    }
}
