using System.Text.Json;

namespace LiubeiSim.Host.Requests;

/// <summary>
/// Reads the plain fields of a JSON request body, adding a <see cref="RequestProblem"/> for each wrong one instead of
/// stopping at the first, so a client learns everything it has to fix from one answer.
/// </summary>
public static class RequestFields
{
    public const int MaxReplications = 1_000_000;

    /// <summary>Longest piece of a request echoed in a problem: a 500 KB field name is named, not sent back whole.</summary>
    public const int MaxEcho = 80;

    /// <summary>A problem for the body itself when it is not a JSON object; null when it is.</summary>
    public static RequestProblem? NotAnObject(JsonElement body, string example) =>
        body.ValueKind == JsonValueKind.Object
            ? null
            : new RequestProblem("(body)", null, null, $"the body is a JSON {Kind(body)}", $"a JSON object such as {example}");

    /// <summary>One problem per field the request does not know, with a did-you-mean where one is near.</summary>
    public static void RejectUnknown(JsonElement body, IReadOnlyList<string> fields, List<RequestProblem> problems)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add(new(Clip(property.Name), null, null, "unknown field" + Model.Scenarios.NameSuggester.Hint(property.Name, fields), "one of: " + string.Join(", ", fields)));
            }
        }
    }

    /// <summary>True when the field is there and not JSON null.</summary>
    public static bool IsGiven(JsonElement body, string field) =>
        body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public static long? ReadInteger(JsonElement body, string field, long min, long max, List<RequestProblem> problems)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= min && n <= max)
        {
            return n;
        }

        problems.Add(new(field, null, null, $"{Clip(value.GetRawText())} is not allowed", $"an integer from {min:N0} to {max:N0}"));
        return null;
    }

    public static int? ReadReplications(JsonElement body, List<RequestProblem> problems) =>
        (int?)ReadInteger(body, "replications", 1, MaxReplications, problems);

    public static ulong? ReadSeed(JsonElement body, List<RequestProblem> problems)
    {
        if (!body.TryGetProperty("seed", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var seed))
        {
            return seed;
        }

        problems.Add(new("seed", null, null, $"{Clip(value.GetRawText())} is not allowed", "an integer from 0 to 18,446,744,073,709,551,615"));
        return null;
    }

    public static bool? ReadBoolean(JsonElement body, string field, List<RequestProblem> problems)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add(new(field, null, null, $"{Clip(value.GetRawText())} is not allowed", "true or false"));
        return null;
    }

    public static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    /// <summary>The text, or its first <see cref="MaxEcho"/> characters and how long it was.</summary>
    public static string Clip(string text) => Clip(text, MaxEcho);

    /// <summary>The text, or its first <paramref name="max"/> characters and how long it was.</summary>
    public static string Clip(string text, int max) =>
        text.Length <= max ? text : $"{text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)]}... ({text.Length:N0} characters)";
}
