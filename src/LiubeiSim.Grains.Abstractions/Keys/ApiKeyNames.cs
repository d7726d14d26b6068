namespace LiubeiSim.Grains.Keys;

/// <summary>
/// Key names and role names. A name identifies its holder: it becomes the owner of the runs they submit and is shown in
/// listings and logs, so it is short and plain (letters, digits, '.', '_' and '-').
/// </summary>
public static class ApiKeyNames
{
    public const int MaxLength = 64;

    /// <summary>The holder of every request to a host with no keys, on loopback: reserved, so no key can take over its runs.</summary>
    public const string Local = "local";

    public const string Viewer = "viewer";
    public const string Planner = "planner";
    public const string Admin = "admin";

    public static IReadOnlyList<string> Roles { get; } = [Viewer, Planner, Admin];

    /// <summary>Why <paramref name="name"/> cannot name a key, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a key needs a name";
        }

        if (name.Length > MaxLength)
        {
            return $"a name has at most {MaxLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return "a name is letters, digits, '.', '_' and '-', starting with a letter or digit";
        }

        return string.Equals(name, Local, StringComparison.OrdinalIgnoreCase)
            ? $"'{Local}' is reserved for the keyless local user of a host with no keys"
            : null;
    }

    public static string Of(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Viewer => Viewer,
        ApiKeyRole.Planner => Planner,
        ApiKeyRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "No such role."),
    };

    /// <summary>"a viewer", "a planner", "an admin": for messages.</summary>
    public static string WithArticle(ApiKeyRole role) => role == ApiKeyRole.Admin ? $"an {Of(role)}" : $"a {Of(role)}";

    public static bool TryParseRole(string? text, out ApiKeyRole role)
    {
        foreach (var candidate in Enum.GetValues<ApiKeyRole>())
        {
            if (string.Equals(text, Of(candidate), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }
}
