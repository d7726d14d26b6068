using System.Text.Json;

namespace LiubeiSim.Host.Sweeps;

/// <summary>The body of <c>POST /api/sweeps</c>, as the OpenAPI document describes it.</summary>
/// <param name="Spec">
/// A sweep spec as YAML text or as a JSON object with the same fields (<c>base</c>, <c>replications</c>, <c>seed</c>,
/// <c>design</c>, <c>samples</c>, <c>factors</c>, <c>outputs</c>; docs/analysis.md). Its <c>base</c> must be a
/// built-in scenario: the API never opens a path on the server's disk.
/// </param>
/// <param name="Set">Optional <c>KEY=VALUE</c> settings over the base scenario of every point, as <c>liubeisim sweep --set</c>; not a factor, the seed or the replications.</param>
public sealed record SweepRequest(JsonElement Spec, string[]? Set = null);

/// <summary>The body of a 202 answer to <c>POST /api/sweeps</c>.</summary>
/// <param name="Id">The sweep's id; <c>GET /api/sweeps/{id}</c> follows it.</param>
/// <param name="Status">Always <c>queued</c>.</param>
/// <param name="Points">Points the sweep will run.</param>
public sealed record SweepAccepted(string Id, string Status, int Points);
