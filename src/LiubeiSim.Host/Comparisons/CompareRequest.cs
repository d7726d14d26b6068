using System.Text.Json;

namespace LiubeiSim.Host.Comparisons;

/// <summary>
/// The body of <c>POST /api/compare</c>, as the OpenAPI document describes it. Two forms:
/// <list type="bullet">
/// <item><c>scenario</c> (with <c>set</c>): the scenario against its own control. A is the control (every lever at its
/// default, no shocks, its assumptions kept), B the scenario, so B − A is the scenario's effect: the CLI's
/// <c>liubeisim compare S --set ...</c>.</item>
/// <item><c>a</c> (with <c>setA</c>) and <c>b</c> (with <c>setB</c>): B against A, the CLI's <c>liubeisim compare A B</c>.
/// With <c>b</c> null or absent, B is the control of A (so B − A is minus A's effect).</item>
/// </list>
/// </summary>
/// <param name="Scenario">One scenario, compared against its control: a built-in name, YAML text or a JSON object.</param>
/// <param name="Set">Settings over <c>scenario</c>, as the CLI's <c>--set</c>.</param>
/// <param name="A">The reference scenario; its seed and replications are used for both sides.</param>
/// <param name="SetA">Settings over <c>a</c>.</param>
/// <param name="B">The alternative; null or absent: the control of <c>a</c>.</param>
/// <param name="SetB">Settings over <c>b</c>.</param>
/// <param name="Replications">Replications for both sides (1 to 1,000,000); default: A's.</param>
/// <param name="Seed">Seed for both sides; default: A's.</param>
/// <param name="Paired">True (default): common random numbers, B with A's seed. False: B with seed + 1, to show what pairing buys.</param>
public sealed record CompareRequest(
    JsonElement? Scenario,
    IReadOnlyList<string>? Set,
    JsonElement? A,
    IReadOnlyList<string>? SetA,
    JsonElement? B,
    IReadOnlyList<string>? SetB,
    int? Replications,
    ulong? Seed,
    bool? Paired);
