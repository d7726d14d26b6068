namespace LiubeiSim.Grains.Shelf;

/// <summary>
/// One owner's saved scenarios ("the scenario shelf"): key = the owner's name, the API key's name or
/// <see cref="Keys.ApiKeyNames.Local"/> for the keyless local user. Its state is in the cluster's durable grain storage,
/// beside the run catalog and the keyring. The YAML is kept as given: the caller validates it with the scenario parser
/// first; the grain only checks the name and the limits (<c>Shelf</c> settings).
/// </summary>
[Alias("LiubeiSim.Grains.Shelf.IScenarioShelfGrain")]
public interface IScenarioShelfGrain : IGrainWithStringKey
{
    /// <summary>Every saved scenario, newest first (then by name): no YAML, so a listing stays small.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<SavedScenarioEntry>> List();

    /// <summary>The YAML text saved under that name (names compare ignoring case), or null when there is none.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<string?> Get(string name);

    /// <summary>Saves, or replaces the scenario of the same name (ignoring case; the new spelling is kept).</summary>
    [Alias("Save")]
    Task<ScenarioShelfChange> Save(SavedScenario scenario);

    /// <summary>False when there was no scenario of that name.</summary>
    [Alias("Delete")]
    Task<bool> Delete(string name);
}

/// <summary>A scenario to save.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Shelf.SavedScenario")]
public sealed record SavedScenario
{
    /// <summary>The shelf's name for it (<see cref="ScenarioShelfNames.Problem"/>), independent of the YAML's own <c>name:</c>.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The scenario file's text, stored byte for byte as given.</summary>
    [Id(1)] public required string Yaml { get; init; }

    /// <summary>What the scenario asks, for listings; only its first line is kept.</summary>
    [Id(2)] public string? Description { get; init; }

    /// <summary>The scenario it was made from (a built-in or another saved one), if the caller says so.</summary>
    [Id(3)] public string? BasedOn { get; init; }
}

/// <summary>A saved scenario as listed: everything but its YAML.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Shelf.SavedScenarioEntry")]
public sealed record SavedScenarioEntry
{
    [Id(0)] public required string Name { get; init; }

    /// <summary>The first line of the scenario's description; empty when it has none.</summary>
    [Id(1)] public required string Description { get; init; }

    [Id(2)] public required DateTimeOffset SavedAt { get; init; }

    /// <summary>The YAML's size in UTF-8 bytes.</summary>
    [Id(3)] public required int Bytes { get; init; }

    [Id(4)] public string? BasedOn { get; init; }
}

/// <summary>How a save went. Values are appended, never renumbered.</summary>
[GenerateSerializer]
[Alias("LiubeiSim.Grains.Shelf.ScenarioShelfOutcome")]
public enum ScenarioShelfOutcome
{
    /// <summary>A new name: the shelf holds one more.</summary>
    Saved = 0,

    /// <summary>A scenario of that name was there and is replaced.</summary>
    Replaced = 1,

    /// <summary>The YAML is over the <c>Shelf:MaxScenarioBytes</c> limit; nothing changed.</summary>
    TooLarge = 2,

    /// <summary>The shelf is full (<c>Shelf:MaxScenariosPerOwner</c>) and the name is new; nothing changed.</summary>
    TooMany = 3,

    /// <summary>The name (or the BasedOn name) is not one <see cref="ScenarioShelfNames.Problem"/> accepts; nothing changed.</summary>
    BadName = 4,
}

/// <summary>The outcome of a save: the entry as saved, or why nothing was.</summary>
[GenerateSerializer, Immutable]
[Alias("LiubeiSim.Grains.Shelf.ScenarioShelfChange")]
public sealed record ScenarioShelfChange
{
    [Id(0)] public required ScenarioShelfOutcome Outcome { get; init; }

    /// <summary>The entry as saved, for <see cref="ScenarioShelfOutcome.Saved"/> and <see cref="ScenarioShelfOutcome.Replaced"/>.</summary>
    [Id(1)] public SavedScenarioEntry? Entry { get; init; }

    /// <summary>Why it was refused, with the limit the silo applied, fit for a user; null when saved.</summary>
    [Id(2)] public string? Problem { get; init; }
}
