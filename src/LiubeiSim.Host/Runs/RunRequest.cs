using System.Text.Json;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// The body of <c>POST /api/runs</c>, as the OpenAPI document describes it. The endpoint reads the JSON itself
/// (<see cref="RunRequestReader"/>) so that every problem is reported at once, not only the first a binder meets.
/// </summary>
/// <param name="Scenario">A built-in scenario name (<c>GET /api/scenarios</c>), a scenario as YAML text, or a scenario as a JSON object (the YAML fields, <c>assumptions</c> included).</param>
/// <param name="Set"><c>KEY=VALUE</c> settings over the scenario, as the CLI's <c>--set</c>: <c>levers.NAME</c>, <c>assumptions.FIGURE_ID</c>, <c>horizon.start</c>, <c>horizon.months</c>, <c>replications</c>, <c>seed</c>, ... At most 200.</param>
/// <param name="Replications">Monte Carlo replications (1 to 1,000,000); default: the scenario's.</param>
/// <param name="Seed">Seed of the random streams (0 to 2^64-1); default: the scenario's.</param>
/// <param name="Shards">Blocks of replications run in parallel on the cluster (1 to 4096); default: the engine's choice. Results do not depend on it.</param>
public sealed record RunRequest(JsonElement Scenario, IReadOnlyList<string>? Set, int? Replications, ulong? Seed, int? Shards);

/// <summary>The body of a 202 answer to <c>POST /api/runs</c>.</summary>
/// <param name="Id">The run's id; <c>GET /api/runs/{id}</c> follows it.</param>
/// <param name="Status">Always <c>queued</c>.</param>
public sealed record RunAccepted(string Id, string Status);
