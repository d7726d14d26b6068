using System.Security.Cryptography;
using System.Text;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;

namespace LiubeiSim.Tests.Shared;

/// <summary>
/// The golden outputs: the SHA-256 of indicators.csv and targets.csv of every built-in scenario at its own seed and
/// replications, in tests/golden-outputs.sha256. Every engine must write those bytes. A deliberate change of the
/// numbers rewrites the file (run the in-process golden test with LIUBEISIM_UPDATE_GOLDEN=1) and adds a line to
/// CHANGELOG.md saying what changed and why, in the same commit.
/// </summary>
internal static class GoldenOutputs
{
    public const string UpdateVariable = "LIUBEISIM_UPDATE_GOLDEN";

    public static string FilePath { get; } = Path.Combine(RepositoryRoot.Path, "tests", "golden-outputs.sha256");

    /// <summary>The hashes held in the file, keyed <c>scenario/file</c>.</summary>
    public static IReadOnlyDictionary<string, string> Expected() =>
        File.ReadAllLines(FilePath)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);

    /// <summary>The hashes of one run's files, keyed <c>scenario/file</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Of(RunResult result)
    {
        yield return new($"{result.Scenario.Name}/{RunReport.IndicatorsFile}", Sha256(RunReport.IndicatorsCsv(result)));
        yield return new($"{result.Scenario.Name}/{RunReport.TargetsFile}", Sha256(RunReport.TargetsCsv(result)));
    }

    /// <summary>Fails, naming every file whose bytes changed and how to accept the change, unless all match.</summary>
    public static void AssertMatch(IEnumerable<KeyValuePair<string, string>> actual, string engine)
    {
        var expected = Expected();
        var changed = actual.Where(a => !expected.TryGetValue(a.Key, out var hash) || hash != a.Value).ToList();
        Assert.True(
            changed.Count == 0,
            $"The {engine} engine's outputs changed for {string.Join(", ", changed.Select(c => c.Key))}:\n"
            + string.Join('\n', changed.Select(c => $"{c.Value}  {c.Key}"))
            + $"\nIf the numbers changed on purpose, rewrite {FilePath} with `{UpdateVariable}=1 dotnet test tests/LiubeiSim.Model.Tests --filter Golden`"
            + " and add a line to CHANGELOG.md saying what changed and why.");
    }

    public static void Write(IEnumerable<KeyValuePair<string, string>> hashes) =>
        File.WriteAllLines(FilePath,
        [
            "# SHA-256 of each built-in scenario's indicators.csv and targets.csv at its own seed and replications.",
            "# Both engines must write these bytes. Change them only on purpose, with a line in CHANGELOG.md.",
            .. hashes.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Value}  {h.Key}"),
        ]);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
