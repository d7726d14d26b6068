using System.Text;

namespace LiubeiSim.Grains.Shelf;

/// <summary>
/// Names of saved scenarios: what a person types in the workbench (Chinese included), and the last segment of
/// <c>/api/scenarios/saved/{name}</c>, so plain enough to travel in a URL.
/// </summary>
public static class ScenarioShelfNames
{
    public const int MaxLength = 80;

    public const string Allowed = "1 to 80 letters (any script), digits, spaces, '-', '_' and '.', with a letter or digit, and no space at either end";

    /// <summary>Why <paramref name="name"/> cannot name a saved scenario, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a saved scenario needs a name";
        }

        if (name.Length > MaxLength)
        {
            return $"a name has at most {MaxLength} characters (this one has {name.Length})";
        }

        if (name[0] == ' ' || name[^1] == ' ')
        {
            return "a name does not start or end with a space";
        }

        // By rune, so letters outside the Basic Multilingual Plane (CJK Extension B) count and a lone surrogate does not.
        var letterOrDigit = false;
        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return "a name holds a broken character (an unpaired UTF-16 surrogate)";
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                letterOrDigit = true;
            }
            else if (rune.Value is not (' ' or '-' or '_' or '.'))
            {
                return $"a name may not hold U+{rune.Value:X4}{(Rune.IsControl(rune) ? string.Empty : $" ('{rune}')")}";
            }

            i += used;
        }

        // "." and ".." are dropped from URLs by clients, so a name of only punctuation might not be reachable.
        return letterOrDigit ? null : "a name needs at least one letter or digit";
    }

    /// <summary>Whether two names are the same saved scenario: case does not matter.</summary>
    public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
