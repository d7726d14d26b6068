using System.Text.Json;
using LiubeiSim.Host.Requests;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Runs;

/// <summary>
/// Reads the body of <c>POST /api/runs</c> (<see cref="RunRequest"/>). Reports every problem, with the scenario
/// validator's own findings, instead of the first.
/// </summary>
public static class RunRequestReader
{
    public const int MaxShards = 4096;

    private static readonly string[] Fields = ["scenario", "set", "replications", "seed", "shards"];

    /// <summary>The scenario to run and the shard count (0: the engine's default), or the problems that stop it.</summary>
    public static (Scenario? Scenario, int Shards, IReadOnlyList<RequestProblem> Problems) Read(JsonElement body)
    {
        if (RequestFields.NotAnObject(body, "{\"scenario\": \"baseline-2023\", \"replications\": 1000, \"seed\": 7}") is { } notObject)
        {
            return (null, 0, [notObject]);
        }

        var problems = new List<RequestProblem>();
        RequestFields.RejectUnknown(body, Fields, problems);
        var replications = RequestFields.ReadReplications(body, problems);
        var seed = RequestFields.ReadSeed(body, problems);
        var shards = RequestFields.ReadInteger(body, "shards", 1, MaxShards, problems);
        var scenario = ScenarioRequest.Read(body, "scenario", "set", problems);
        if (scenario is null || problems.Count > 0)
        {
            return (null, 0, problems);
        }

        if (replications is { } r)
        {
            scenario = scenario.WithReplications(r);
        }

        if (seed is { } s)
        {
            scenario = scenario.WithSeed(s);
        }

        ScenarioRequest.CheckGrowthTargets(scenario, "scenario", problems);
        return problems.Count > 0 ? (null, 0, problems) : (scenario, (int)(shards ?? 0), problems);
    }
}
