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
    /// When <paramref name="nameOrPath"/> is a scenario file whose scenario, as resolved with
    /// <paramref name="settings"/>, carries a built-in scenario's name but is not that built-in under the same settings
    /// (a copy from <c>scenarios show</c> that was edited, or <c>--set name=</c> a built-in's), that name; otherwise
    /// null. Its runs, comparisons and saved scenarios would carry the built-in's name for another scenario. What a
    /// run of the built-in may also differ in does not count: the description (the file's leading comments), and the
    /// replications and seed (the run's own options, so a saved <c>resolvedScenario</c> of <c>run NAME -r N</c> is
    /// still that built-in).
    /// </summary>
    /// <param name="nameOrPath">What the user named: only a file can differ from a built-in.</param>
    /// <param name="resolved">The scenario <see cref="Resolve"/> gave for it with the same settings.</param>
    /// <param name="settings">The <c>KEY=VALUE</c> settings it was resolved with.</param>
    public static string? SharedBuiltInName(string nameOrPath, Scenario resolved, IReadOnlyList<string>? settings = null)
    {
        if (!File.Exists(nameOrPath) || !TryGetText(resolved.Name, out var yaml))
        {
            return null;
        }

        var builtIn = ScenarioParser.ParseText(resolved.Name, yaml, settings);
        if (!builtIn.IsValid)
        {
            return null;
        }

        var b = builtIn.Scenario;
        var asRun = resolved with { Description = b.Description, Replications = b.Replications, Seed = b.Seed };
        return string.Equals(ScenarioYaml.Write(asRun), ScenarioYaml.Write(b), StringComparison.Ordinal) ? null : resolved.Name;
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

        // No file to point into, so no line: the problem names the argument, and where a file was looked for.
        if (name.EndsWith(".yml", StringComparison.Ordinal))
        {
            name = name[..^".yml".Length];
        }

        var looksLikePath = name != nameOrPath || nameOrPath.Contains('/') || nameOrPath.Contains(Path.DirectorySeparatorChar);
        var message = looksLikePath
            ? $"no such file ({Path.GetFullPath(nameOrPath)}), and no built-in scenario of that name{NameSuggester.Hint(name, Names)}"
            : $"not a built-in scenario{NameSuggester.Hint(name, Names)}, and no file of that name in {Path.GetFullPath(".")}";
        return new ScenarioParseResult(null, [new ScenarioProblem(nameOrPath, 0, 0, ScenarioProblem.DocumentPath, message, "a path to a scenario file, or a built-in: " + string.Join(", ", Names))]);
    }
}
