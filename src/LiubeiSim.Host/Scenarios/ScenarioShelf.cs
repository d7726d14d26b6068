using System.Text;
using LiubeiSim.Grains.Shelf;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;
using LiubeiSim.Model.Scenarios;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Host.Scenarios;

/// <summary>
/// The host's hand on the scenario shelf: each owner's saved scenarios, kept by <see cref="IScenarioShelfGrain"/> in
/// the cluster's grain storage. A save is checked here first (the name, the size, then the YAML with the scenario
/// parser, as <c>liubeisim validate</c> checks a file), so the shelf only ever holds scenarios that would run. Each
/// call is bounded in time; storage or a silo out of reach throws <see cref="RunStoreUnavailableException"/>, as the
/// run store does (the shelf lives in the same storage).
/// </summary>
public sealed class ScenarioShelf(IGrainFactory grains, IOptions<ScenarioShelfOptions> options)
{
    /// <summary>The limits this host's silo applies; every silo should have the same (the <c>Shelf</c> settings).</summary>
    public ScenarioShelfOptions Limits => options.Value;

    /// <summary>The owner's saved scenarios, newest first, without their YAML.</summary>
    public Task<IReadOnlyList<SavedScenarioEntry>> ListAsync(string owner) => CallAsync(() => Shelf(owner).List());

    /// <summary>The YAML saved under that name (ignoring case), as it was given; null when there is none.</summary>
    public Task<string?> GetAsync(string owner, string name) => CallAsync(() => Shelf(owner).Get(name));

    /// <summary>
    /// Validates and saves <paramref name="yaml"/> under <paramref name="name"/>, replacing a scenario of that name.
    /// Invalid input (a bad name, YAML the parser refuses) comes back as <see cref="ShelfSave.Problems"/>, every one at
    /// once, and nothing is saved; otherwise <see cref="ShelfSave.Change"/> says what the shelf did, which may be a
    /// refusal for size (<see cref="ScenarioShelfOutcome.TooLarge"/>) or count (<see cref="ScenarioShelfOutcome.TooMany"/>).
    /// </summary>
    /// <param name="owner">The owner: <see cref="Identity.IdentityPolicies.NameOf"/> of the caller.</param>
    /// <param name="name">The shelf's name for it (<see cref="ScenarioShelfNames.Problem"/>).</param>
    /// <param name="yaml">The scenario file's text; stored as given.</param>
    /// <param name="basedOn">The scenario it was made from (a built-in or another saved one), if known.</param>
    public async Task<ShelfSave> SaveAsync(string owner, string name, string yaml, string? basedOn = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var problems = new List<RequestProblem>();
        if (ScenarioShelfNames.Problem(name) is { } nameProblem)
        {
            problems.Add(new RequestProblem("name", null, null, nameProblem, ScenarioShelfNames.Allowed));
        }

        if (basedOn is not null && ScenarioShelfNames.Problem(basedOn) is { } baseProblem)
        {
            problems.Add(new RequestProblem("basedOn", null, null, baseProblem, "the name of a built-in or saved scenario, or null"));
        }

        // Before parsing: a text over the limit is refused by its size, and never parsed.
        var bytes = Encoding.UTF8.GetByteCount(yaml);
        if (bytes > Limits.MaxScenarioBytes)
        {
            return problems.Count > 0 ? new ShelfSave(problems, null) : new ShelfSave([], new ScenarioShelfChange
            {
                Outcome = ScenarioShelfOutcome.TooLarge,
                Problem = $"a saved scenario has at most {Limits.MaxScenarioBytes:N0} bytes of YAML (Shelf:MaxScenarioBytes); this one has {bytes:N0}",
            });
        }

        var parsed = ScenarioParser.ParseText(name, yaml);
        problems.AddRange(parsed.Problems.Select(p => new RequestProblem($"yaml: {p.Path}", p.Line, p.Column, p.Message, p.Allowed)));
        if (problems.Count > 0 || !parsed.IsValid)
        {
            return new ShelfSave(problems, null);
        }

        var scenario = new SavedScenario { Name = name, Yaml = yaml, Description = parsed.Scenario.Description, BasedOn = basedOn };
        return new ShelfSave([], await CallAsync(() => Shelf(owner).Save(scenario)));
    }

    /// <summary>False when the owner had no scenario of that name.</summary>
    public Task<bool> DeleteAsync(string owner, string name) => CallAsync(() => Shelf(owner).Delete(name));

    private IScenarioShelfGrain Shelf(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return grains.GetGrain<IScenarioShelfGrain>(owner);
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().WaitAsync(RunStore.CallLimit);
        }
        catch (Exception e) when (RunStore.Unreachable(e) is { } reason)
        {
            throw new RunStoreUnavailableException(reason, e);
        }
    }
}

/// <summary>How a save went: the problems that kept it from the shelf, or what the shelf did.</summary>
/// <param name="Problems">Why the input is invalid (its name, or its YAML with line and column); empty when it was valid.</param>
/// <param name="Change">What the shelf did with valid input (saved, replaced, or refused for size or count); null when invalid.</param>
public sealed record ShelfSave(IReadOnlyList<RequestProblem> Problems, ScenarioShelfChange? Change)
{
    /// <summary>True when the scenario is on the shelf now (<see cref="ScenarioShelfOutcome.Saved"/> or <see cref="ScenarioShelfOutcome.Replaced"/>).</summary>
    public bool IsSaved => Change?.Outcome is ScenarioShelfOutcome.Saved or ScenarioShelfOutcome.Replaced;
}
