using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Grains.Shelf;

/// <summary>One owner's saved scenarios (see <see cref="IScenarioShelfGrain"/>), kept in grain storage as one state.</summary>
/// <remarks>One activation per owner, called when a person saves or opens a scenario: no contention to speak of.</remarks>
// The grain type is part of the stored state's key: pinned, so a rename of the class keeps everyone's shelf.
[GrainType("scenario-shelf")]
public sealed partial class ScenarioShelfGrain(
    [PersistentState("shelf")] IPersistentState<ScenarioShelfState> shelf,
    IOptions<ScenarioShelfOptions> options,
    TimeProvider time,
    ILogger<ScenarioShelfGrain> log) : Grain, IScenarioShelfGrain
{
    /// <summary>Longest description kept for a listing: a first line, not a paragraph.</summary>
    internal const int MaxDescription = 200;

    private List<ShelvedScenario> Scenarios => shelf.State.Scenarios;

    public Task<IReadOnlyList<SavedScenarioEntry>> List() =>
        Task.FromResult<IReadOnlyList<SavedScenarioEntry>>([.. Scenarios
            .OrderByDescending(s => s.SavedAt)
            .ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => s.Entry)]);

    public Task<string?> Get(string name) => Task.FromResult(Find(name) is var i and >= 0 ? Scenarios[i].Yaml : null);

    public async Task<ScenarioShelfChange> Save(SavedScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(scenario.Yaml, nameof(scenario));
        var limits = options.Value;
        if (ScenarioShelfNames.Problem(scenario.Name) is { } nameProblem)
        {
            return Refused(ScenarioShelfOutcome.BadName, $"name '{scenario.Name}': {nameProblem}");
        }

        if (scenario.BasedOn is { } basedOn && ScenarioShelfNames.Problem(basedOn) is { } baseProblem)
        {
            return Refused(ScenarioShelfOutcome.BadName, $"based on '{basedOn}': {baseProblem}");
        }

        var bytes = Encoding.UTF8.GetByteCount(scenario.Yaml);
        if (bytes > limits.MaxScenarioBytes)
        {
            return Refused(ScenarioShelfOutcome.TooLarge, string.Create(CultureInfo.InvariantCulture, $"a saved scenario has at most {limits.MaxScenarioBytes:N0} bytes of YAML (Shelf:MaxScenarioBytes); this one has {bytes:N0}"));
        }

        var at = Find(scenario.Name);
        if (at < 0 && Scenarios.Count >= limits.MaxScenariosPerOwner)
        {
            return Refused(ScenarioShelfOutcome.TooMany, string.Create(CultureInfo.InvariantCulture, $"the shelf holds {Scenarios.Count:N0} scenarios, the most one owner may keep (Shelf:MaxScenariosPerOwner is {limits.MaxScenariosPerOwner:N0}); delete one, or save over one of the same name"));
        }

        var stored = new ShelvedScenario
        {
            Name = scenario.Name,
            Yaml = scenario.Yaml,
            Description = FirstLine(scenario.Description),
            BasedOn = scenario.BasedOn,
            SavedAt = time.GetUtcNow(),
            Bytes = bytes,
        };
        var previous = at >= 0 ? Scenarios[at] : null;
        if (previous is null)
        {
            Scenarios.Add(stored);
        }
        else
        {
            Scenarios[at] = stored;
        }

        try
        {
            await shelf.WriteStateAsync();
        }
        catch
        {
            // Memory must not claim what storage refused: the caller is told it failed, so a list or a get must not show it.
            // No other call ran meanwhile (List and Get interleave only with each other), so the indices still hold.
            if (previous is null)
            {
                Scenarios.RemoveAt(Scenarios.Count - 1);
            }
            else
            {
                Scenarios[at] = previous;
            }

            throw;
        }

        LogSaved(this.GetPrimaryKeyString(), stored.Name, stored.Bytes, previous is not null);
        return new ScenarioShelfChange { Outcome = previous is null ? ScenarioShelfOutcome.Saved : ScenarioShelfOutcome.Replaced, Entry = stored.Entry };
    }

    public async Task<bool> Delete(string name)
    {
        var at = Find(name);
        if (at < 0)
        {
            return false;
        }

        var removed = Scenarios[at];
        Scenarios.RemoveAt(at);
        try
        {
            await shelf.WriteStateAsync();
        }
        catch
        {
            Scenarios.Insert(at, removed);
            throw;
        }

        LogDeleted(this.GetPrimaryKeyString(), removed.Name);
        return true;
    }

    private int Find(string? name) => name is null ? -1 : Scenarios.FindIndex(s => ScenarioShelfNames.Same(s.Name, name));

    private static ScenarioShelfChange Refused(ScenarioShelfOutcome outcome, string problem) => new() { Outcome = outcome, Problem = problem };

    internal static string FirstLine(string? description)
    {
        var text = (description ?? string.Empty).Trim();
        var end = text.IndexOfAny(['\r', '\n']);
        var line = (end < 0 ? text : text[..end]).TrimEnd();
        return line.Length <= MaxDescription ? line : string.Concat(line.AsSpan(0, char.IsHighSurrogate(line[MaxDescription - 2]) ? MaxDescription - 2 : MaxDescription - 1), "…");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shelf of {Owner}: scenario {Name} saved ({Bytes} bytes, replacing: {Replaced})")]
    private partial void LogSaved(string owner, string name, int bytes, bool replaced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shelf of {Owner}: scenario {Name} deleted")]
    private partial void LogDeleted(string owner, string name);
}

/// <summary>A shelf as kept in grain storage.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Shelf.ScenarioShelfState")]
public sealed class ScenarioShelfState
{
    [Id(0)] public List<ShelvedScenario> Scenarios { get; set; } = [];
}

/// <summary>One saved scenario as stored: its YAML and what a listing shows of it.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Shelf.ShelvedScenario")]
public sealed record ShelvedScenario
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Yaml { get; init; }
    [Id(2)] public required string Description { get; init; }
    [Id(3)] public string? BasedOn { get; init; }
    [Id(4)] public required DateTimeOffset SavedAt { get; init; }
    [Id(5)] public required int Bytes { get; init; }

    public SavedScenarioEntry Entry => new() { Name = Name, Description = Description, SavedAt = SavedAt, Bytes = Bytes, BasedOn = BasedOn };
}
