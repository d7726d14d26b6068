using System.Text.Json;
using System.Text.Json.Nodes;
using LiubeiSim.Host.Comparisons;
using LiubeiSim.Model.Scenarios;

namespace LiubeiSim.Host.Workbench.Compare;

/// <summary>
/// The compare page's choices as the body of <c>POST /api/compare</c>, read by the endpoint's own
/// <see cref="CompareRequestReader"/>: the same validation, budget and defaults for the page as for a script.
/// </summary>
public static class CompareInputs
{
    /// <summary>A scenario (a built-in name or YAML text) against its control.</summary>
    public static JsonElement AgainstControl(string scenario, int? replications, ulong? seed)
    {
        var body = new JsonObject { ["scenario"] = scenario };
        if (replications is { } r)
        {
            body["replications"] = r;
        }

        if (seed is { } s)
        {
            body["seed"] = s;
        }

        return Element(body);
    }

    /// <summary>B against A, each as the scenario a finished run ran (its YAML as resolved); A's seed and replications for both.</summary>
    public static JsonElement Pair(Scenario a, Scenario b) =>
        Element(new JsonObject { ["a"] = ScenarioYaml.Write(a), ["b"] = ScenarioYaml.Write(b) });

    private static JsonElement Element(JsonObject body) => JsonDocument.Parse(body.ToJsonString()).RootElement.Clone();
}

/// <summary>
/// What each comparison the page made was asked (the request body), kept longer than the <see cref="ComparisonBook"/>
/// keeps results, so a comparison's page can offer to compute it again once the book has forgotten it. Per owner, like drafts.
/// </summary>
public sealed class ComparisonRecipes(TimeProvider time)
{
    public const int Retained = 200;

    private readonly NewestKept<(string Owner, string Body)> _recipes = new(time, Retained);

    public void Keep(string id, string owner, JsonElement body) => _recipes.Keep(id, (owner, body.GetRawText()));

    /// <summary>The body of the comparison, when this owner made it here.</summary>
    public JsonElement? Find(string id, string owner) =>
        _recipes.TryFind(id, out var recipe) && recipe.Owner == owner ? JsonDocument.Parse(recipe.Body).RootElement.Clone() : null;
}

/// <summary>The services of the compare pages.</summary>
public static class CompareWorkbenchExtensions
{
    public static WebApplicationBuilder AddCompareWorkbench(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection(SensitivitySettings.Section).Get<SensitivitySettings>() ?? new SensitivitySettings());
        builder.Services.AddSingleton<LeverSensitivity>();
        builder.Services.AddSingleton<ComparisonRecipes>();
        return builder;
    }
}
