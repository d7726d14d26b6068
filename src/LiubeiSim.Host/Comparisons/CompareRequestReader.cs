using System.Globalization;
using System.Text.Json;
using LiubeiSim.Analysis.Comparison;
using LiubeiSim.Host.Requests;
using LiubeiSim.Model.Admission;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Comparisons;

/// <summary>Reads the body of <c>POST /api/compare</c> (<see cref="CompareRequest"/>) into the two sides to run, or every problem with it.</summary>
public static class CompareRequestReader
{
    private static readonly string[] Fields = ["scenario", "set", "a", "setA", "b", "setB", "replications", "seed", "paired"];

    public sealed record Comparison(Scenario A, Scenario B, bool Paired);

    public static (Comparison? Comparison, IReadOnlyList<RequestProblem> Problems) Read(JsonElement body, CompareSettings settings)
    {
        if (RequestFields.NotAnObject(body, "{\"scenario\": \"sgmw-125-boost\", \"replications\": 1000} or {\"a\": \"baseline-2023\", \"b\": \"sgmw-125-boost\"}") is { } notObject)
        {
            return (null, [notObject]);
        }

        var problems = new List<RequestProblem>();
        RequestFields.RejectUnknown(body, Fields, problems);
        var replications = RequestFields.ReadReplications(body, problems);
        var seed = RequestFields.ReadSeed(body, problems);
        var paired = RequestFields.ReadBoolean(body, "paired", problems) ?? true;

        var (a, b, labelA, labelB) = ReadSides(body, problems);
        if (a is null || b is null || problems.Count > 0)
        {
            return (null, problems);
        }

        if (replications is { } r)
        {
            a = a.WithReplications(r);
        }

        if (seed is { } s)
        {
            a = a.WithSeed(s);
        }

        if (PairedComparison.Incompatibility(a, b) is { } why)
        {
            problems.Add(new(labelB, null, null, why, "two scenarios of one base year and one horizon (`horizon.months=N` in a side's settings changes its horizon)"));
            return (null, problems);
        }

        ScenarioRequest.CheckGrowthTargets(a, labelA, problems);
        ScenarioRequest.CheckGrowthTargets(b, labelB, problems);
        CheckBudget(a, b, settings, problems);
        return problems.Count > 0 ? (null, problems) : (new Comparison(a, b, paired), problems);
    }

    /// <summary>The cost of a comparison in replication-months over both sides, synthetic firms weighing in as the extra entities they are.</summary>
    public static long ReplicationMonths(Scenario a, Scenario b) =>
        RunCostEstimator.ReplicationMonths(a) + RunCostEstimator.ReplicationMonths(b.WithReplications(a.Replications));

    private static (Scenario? A, Scenario? B, string LabelA, string LabelB) ReadSides(JsonElement body, List<RequestProblem> problems)
    {
        var hasScenario = RequestFields.IsGiven(body, "scenario");
        var hasA = RequestFields.IsGiven(body, "a");
        if (hasScenario)
        {
            foreach (var field in new[] { "a", "setA", "b", "setB" }.Where(f => RequestFields.IsGiven(body, f)))
            {
                problems.Add(new(field, null, null, "not with `scenario`", "either `scenario` (with `set`), compared against its control, or `a` (with `setA`) and `b` (with `setB`)"));
            }

            // The scenario is B and its control A, so B − A is the scenario's effect (the CLI's `compare S`).
            var scenario = ScenarioRequest.Read(body, "scenario", "set", problems);
            return (scenario is null ? null : PairedComparison.ControlOf(scenario), scenario, "scenario", "scenario");
        }

        if (!hasA)
        {
            problems.Add(new("scenario", null, null, "missing", "`scenario` (with `set`), compared against its control, or `a` (with `setA`) and `b` (with `setB`)"));
            return (null, null, "a", "b");
        }

        if (RequestFields.IsGiven(body, "set"))
        {
            problems.Add(new("set", null, null, "`set` goes with `scenario`", "`setA` for a and `setB` for b"));
        }

        var a = ScenarioRequest.Read(body, "a", "setA", problems);
        if (RequestFields.IsGiven(body, "b"))
        {
            return (a, ScenarioRequest.Read(body, "b", "setB", problems), "a", "b");
        }

        if (RequestFields.IsGiven(body, "setB"))
        {
            problems.Add(new("setB", null, null, "b is absent, so it is the control of a, which takes no settings of its own", "settings in `setA` (the control keeps a's assumptions), or a `b` scenario"));
        }

        return (a, a is null ? null : PairedComparison.ControlOf(a), "a", "a");
    }

    private static void CheckBudget(Scenario a, Scenario b, CompareSettings settings, List<RequestProblem> problems)
    {
        var cost = ReplicationMonths(a, b);
        if (cost <= settings.MaxReplicationMonths)
        {
            return;
        }

        var firms = a.SyntheticFirms + b.SyntheticFirms > 0 ? ", synthetic firms weighing in as extra entities" : string.Empty;
        problems.Add(new(
            "replications",
            null,
            null,
            string.Create(CultureInfo.InvariantCulture, $"this comparison is {cost:N0} replication-months (2 sides x {a.Replications:N0} replications x {a.Months} months{firms}), over this host's limit of {settings.MaxReplicationMonths:N0} for a comparison answered while the request waits"),
            "fewer replications or a shorter horizon; or `liubeisim compare` on a machine of your own"));
    }
}
