using System.Reflection;

namespace LiubeiSim.Model.Scenarios;

/// <summary>The scenarios that ship inside the model assembly (<c>Scenarios/*.yaml</c>, embedded as resources).</summary>
public static class ScenarioLibrary
{
    private const string ResourcePrefix = "LiubeiSim.Model.Scenarios.";
    private const string Extension = ".yaml";

    private static readonly Assembly Assembly = typeof(ScenarioLibrary).Assembly;

    /// <summary>Built-in scenario names, sorted ordinally.</summary>
    public static IReadOnlyList<string> Names { get; } = Assembly.GetManifestResourceNames()
        .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(Extension, StringComparison.Ordinal))
        .Select(r => r[ResourcePrefix.Length..^Extension.Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The YAML text of a built-in scenario, exactly as shipped.</summary>
    public static bool TryGetText(string name, out string yaml)
    {
        yaml = string.Empty;
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }

        using var stream = Assembly.GetManifestResourceStream(ResourcePrefix + name + Extension);
        if (stream is null)
        {
            return false;
        }

        using var reader = new StreamReader(stream);
        yaml = reader.ReadToEnd();
        return true;
    }

    /// <summary>Parses a built-in scenario. A built-in that does not validate is a bug of the build, hence the exception.</summary>
    public static Scenario Load(string name)
    {
        if (!TryGetText(name, out var yaml))
        {
            throw new KeyNotFoundException($"No built-in scenario '{name}'. Built-ins: {string.Join(", ", Names)}.");
        }

        var result = ScenarioParser.ParseText(name, yaml);
        if (!result.IsValid)
        {
            throw new InvalidOperationException($"Built-in scenario '{name}' is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, result.Problems)}");
        }

        return result.Scenario;
    }

    /// <summary>A built-in scenario by name only (never a file), with settings: for callers that must not open paths (the HTTP API).</summary>
    public static ScenarioParseResult ResolveBuiltIn(string name, IReadOnlyList<string>? settings = null)
    {
        var bare = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length] : name;
        return TryGetText(bare, out var yaml)
            ? ScenarioParser.ParseText(bare, yaml, settings)
            : ScenarioParseResult.Failure(name, $"not a built-in scenario{NameSuggester.Hint(bare, Names)}", "a built-in: " + string.Join(", ", Names));
    }

    /// <summary>
    /// When <paramref name="nameOrPath"/> is a scenario file that keeps a built-in scenario's name but is not that
    /// scenario (a copy from <c>scenarios show</c> that was edited), the built-in's name; otherwise null. Its runs,
    /// comparisons and saved scenarios would carry the built-in's name for other numbers (its description alone may
    /// differ). Settings given with the file are not counted: the same settings on the built-in by name differ from it
    /// just as much.
    /// </summary>
    public static string? SharedBuiltInName(string nameOrPath)
    {
        if (!File.Exists(nameOrPath))
        {
            return null;
        }

        var file = ScenarioParser.ParseFile(nameOrPath);
        if (!file.IsValid || !TryGetText(file.Scenario.Name, out var yaml))
        {
            return null;
        }

        // Its description (the leading comments) may be the user's own: only what changes the numbers counts.
        var builtIn = ScenarioParser.ParseText(file.Scenario.Name, yaml);
        return builtIn.IsValid && !string.Equals(ScenarioYaml.Write(file.Scenario with { Description = builtIn.Scenario.Description }), ScenarioYaml.Write(builtIn.Scenario), StringComparison.Ordinal)
            ? file.Scenario.Name
            : null;
    }

    /// <summary>Parses <paramref name="nameOrPath"/> as a file when one exists there, else as a built-in name (with or without <c>.yaml</c>).</summary>
    /// <param name="nameOrPath">A file, or a built-in name.</param>
    /// <param name="settings"><c>KEY=VALUE</c> settings applied over it before validation (<see cref="ScenarioSettings"/>).</param>
    public static ScenarioParseResult Resolve(string nameOrPath, IReadOnlyList<string>? settings = null)
    {
        if (File.Exists(nameOrPath) || Directory.Exists(nameOrPath))
        {
            return ScenarioParser.ParseFile(nameOrPath, settings);
        }

        var name = nameOrPath.EndsWith(Extension, StringComparison.Ordinal) ? nameOrPath[..^Extension.Length] : nameOrPath;
        if (TryGetText(name, out var yaml))
        {
            return ScenarioParser.ParseText(name, yaml, settings);
        }

        return ScenarioParseResult.Failure(
            nameOrPath,
            $"neither a file nor a built-in scenario{NameSuggester.Hint(name, Names)}",
            "a path to a scenario file, or a built-in: " + string.Join(", ", Names));
    }
}
