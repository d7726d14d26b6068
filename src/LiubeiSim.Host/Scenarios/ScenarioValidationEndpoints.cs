using LiubeiSim.Host.Identity;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Scenarios;

/// <summary>
/// <c>POST /api/scenarios/validate</c>: checks a run request as <c>POST /api/runs</c> would (the same reader, the same
/// problems as <c>liubeisim validate</c>) and starts nothing, so an editor can check a scenario as it is written.
/// </summary>
public static class ScenarioValidationEndpoints
{
    public const string ValidatePath = "/api/scenarios/validate";
    public const string Tag = "Scenarios";

    public static WebApplication MapLiubeiSimScenarioValidation(this WebApplication app)
    {
        app.MapPost(ValidatePath, (Func<HttpContext, Task<IResult>>)Validate)
            .WithTags(Tag)
            .RequireAuthorization(IdentityPolicies.Viewer)
            .WithName("ValidateScenario")
            .WithSummary("Validate a run request without running it")
            .WithDescription("Takes the body of `POST /api/runs` (a scenario as a built-in name, YAML text or a JSON object, with `set`, `replications`, `seed`, `shards`) and answers 200 with the scenario as it would run, normalised: its YAML with every setting folded in (`resolvedScenario`, the form summary.json records), name, base year, horizon, replications and seed. 400 lists every problem, as `POST /api/runs` and `liubeisim validate` do. Nothing is queued or simulated.")
            .DescribesJsonBody<RunRequest>("The run request to check.")
            .Produces<ScenarioValidation>()
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<IResult> Validate(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var (scenario, shards, problems) = RunRequestReader.Read(body);
        return scenario is null
            ? InvalidRequest.Problem("The run request is invalid.", problems)
            : Results.Ok(ScenarioValidation.From(scenario, shards));
    }
}

/// <summary>The answer of <c>POST /api/scenarios/validate</c> for a valid request.</summary>
/// <param name="Valid">Always true: an invalid request answers 400.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="BaseYear">2022 or 2021.</param>
/// <param name="Start">First simulated month, YYYY-MM.</param>
/// <param name="Months">Months simulated.</param>
/// <param name="Replications">Monte Carlo replications, after <c>set</c> and the request's own field.</param>
/// <param name="Seed">Seed of the random streams, likewise.</param>
/// <param name="Shards">The request's shards; null for the engine's choice.</param>
/// <param name="SyntheticFirms">Synthetic firms attached to the chains.</param>
/// <param name="ResolvedScenario">The scenario as YAML, every setting folded in: a file <c>liubeisim run</c> accepts as it is.</param>
public sealed record ScenarioValidation(
    bool Valid,
    string Scenario,
    int BaseYear,
    string Start,
    int Months,
    int Replications,
    ulong Seed,
    int? Shards,
    int SyntheticFirms,
    string ResolvedScenario)
{
    public static ScenarioValidation From(Scenario scenario, int shards) => new(
        true,
        scenario.Name,
        scenario.BaseYear,
        scenario.Start.ToString(),
        scenario.Months,
        scenario.Replications,
        scenario.Seed,
        shards > 0 ? shards : null,
        scenario.SyntheticFirms,
        ScenarioYaml.Write(scenario));
}
