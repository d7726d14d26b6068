using System.Text;
using System.Text.Json;
using LiubeiSim.Grains.Shelf;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;
using LiubeiSim.Host.Runs;

namespace LiubeiSim.Host.Scenarios;

/// <summary>
/// <c>/api/scenarios/saved</c>: the caller's saved scenarios ("the scenario shelf"), kept in the cluster's grain storage
/// under the caller's key name, so scripts and the web workbench keep scenarios between sessions and hosts. Each
/// caller sees only its own shelf; an admin too.
/// </summary>
public static class ScenarioShelfEndpoints
{
    public const string SavedPath = "/api/scenarios/saved";

    /// <summary>RFC 9512's media type for YAML.</summary>
    public const string YamlType = "application/yaml";

    private static readonly string[] Fields = ["yaml", "basedOn"];

    /// <summary>The shelf service and its limits, bound from the <c>Shelf</c> settings for this host's silo.</summary>
    public static WebApplicationBuilder AddLiubeiSimScenarioShelf(this WebApplicationBuilder builder)
    {
        // The silo shares this container: the shelf grains on this silo read these limits.
        builder.Services.Configure<ScenarioShelfOptions>(builder.Configuration.GetSection(ScenarioShelfOptions.Section));
        builder.Services.AddSingleton<ScenarioShelf>();
        return builder;
    }

    public static WebApplication MapLiubeiSimScenarioShelf(this WebApplication app)
    {
        var saved = app.MapGroup(SavedPath).WithTags(ScenarioValidationEndpoints.Tag).RequireAuthorization(IdentityPolicies.Viewer).AddEndpointFilter<RunStoreUnavailableFilter>();
        saved.MapGet(string.Empty, List)
            .WithName("ListSavedScenarios")
            .WithSummary("List the caller's saved scenarios")
            .WithDescription("The scenarios saved under the caller's key (each key has its own shelf; the keyless local user's is `local`), newest first: name, the first line of the description, when saved, size in bytes and the scenario it was based on. No YAML: `GET /api/scenarios/saved/{name}` has it. Also the limits, `Shelf:MaxScenariosPerOwner` and `Shelf:MaxScenarioBytes`.")
            .Produces<SavedScenarioList>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        saved.MapGet("/{name}", Get)
            .WithName("GetSavedScenario")
            .WithSummary("A saved scenario's YAML")
            .WithDescription("The YAML saved under that name (names compare ignoring case), byte for byte as it was saved, as `application/yaml`: a file `liubeisim run` and `POST /api/runs` (as `scenario`) accept. 404 when the caller has no scenario of that name.")
            .Produces<string>(StatusCodes.Status200OK, YamlType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        saved.MapPut("/{name}", Save)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("SaveScenario")
            .WithSummary("Save a scenario")
            .WithDescription("Saves `yaml` under the name in the path (1 to 80 letters of any script, digits, spaces, '-', '_' and '.'; names compare ignoring case), replacing the caller's scenario of that name. The YAML is checked first as `liubeisim validate` checks a file, and kept as given, comments included. `basedOn` optionally names the scenario it was made from. Answers 201 with the entry when the name is new, 200 when it replaced one; 400 lists every problem (the name's, and the YAML's with line and column, paths starting `yaml: `); 413 when the YAML is over `Shelf:MaxScenarioBytes` (256 KiB); 409 when the shelf already holds `Shelf:MaxScenariosPerOwner` (200) scenarios and the name is new: delete one, or save over one.")
            .DescribesJsonBody<SaveScenarioRequest>("The scenario's YAML and what it was based on.")
            .Produces<SavedScenarioView>(StatusCodes.Status201Created)
            .Produces<SavedScenarioView>()
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        saved.MapDelete("/{name}", Delete)
            .RequireAuthorization(IdentityPolicies.Planner)
            .WithName("DeleteSavedScenario")
            .WithSummary("Delete a saved scenario")
            .WithDescription("Deletes the caller's scenario of that name (ignoring case) and answers with the shelf as it now is, as `GET /api/scenarios/saved` does. 404 when there is none.")
            .Produces<SavedScenarioList>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> List(HttpContext context, ScenarioShelf shelf) =>
        Results.Ok(SavedScenarioList.From(await shelf.ListAsync(Owner(context)), shelf.Limits));

    private static async Task<IResult> Get(string name, HttpContext context, ScenarioShelf shelf) =>
        await shelf.GetAsync(Owner(context), name) is { } yaml
            ? Results.Text(yaml, YamlType, Encoding.UTF8)
            : Unknown(name);

    private static async Task<IResult> Save(string name, HttpContext context, ScenarioShelf shelf)
    {
        var (body, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var problems = new List<RequestProblem>();
        string? yaml = null;
        string? basedOn = null;
        if (RequestFields.NotAnObject(body, """{"yaml": "name: my-plan\nbase: 2022\n..."}""") is { } notObject)
        {
            problems.Add(notObject);
        }
        else
        {
            RequestFields.RejectUnknown(body, Fields, problems);
            yaml = ReadString(body, "yaml", required: true, problems);
            basedOn = ReadString(body, "basedOn", required: false, problems);
        }

        if (problems.Count > 0 || yaml is null)
        {
            return InvalidRequest.Problem("The scenario cannot be saved.", problems);
        }

        var save = await shelf.SaveAsync(Owner(context), name, yaml, basedOn);
        if (save.Change is not { } change)
        {
            return InvalidRequest.Problem("The scenario cannot be saved.", save.Problems);
        }

        return change.Outcome switch
        {
            ScenarioShelfOutcome.Saved => Results.Created($"{SavedPath}/{Uri.EscapeDataString(change.Entry!.Name)}", SavedScenarioView.From(change.Entry)),
            ScenarioShelfOutcome.Replaced => Results.Ok(SavedScenarioView.From(change.Entry!)),
            ScenarioShelfOutcome.TooLarge => Results.Problem(title: "The scenario is too large to save.", detail: change.Problem, statusCode: StatusCodes.Status413PayloadTooLarge),

            // The request is fine; the shelf's present state refuses it, and deleting a scenario resolves that.
            ScenarioShelfOutcome.TooMany => Results.Problem(title: "The shelf is full.", detail: change.Problem, statusCode: StatusCodes.Status409Conflict),
            _ => InvalidRequest.Problem("The scenario cannot be saved.", [new RequestProblem("name", null, null, change.Problem ?? "not accepted", ScenarioShelfNames.Allowed)]),
        };
    }

    private static async Task<IResult> Delete(string name, HttpContext context, ScenarioShelf shelf)
    {
        var owner = Owner(context);
        return await shelf.DeleteAsync(owner, name)
            ? Results.Ok(SavedScenarioList.From(await shelf.ListAsync(owner), shelf.Limits))
            : Unknown(name);
    }

    /// <summary>The caller's shelf: every policy here asks for an authenticated caller, and each has a name.</summary>
    private static string Owner(HttpContext context) =>
        IdentityPolicies.NameOf(context.User) ?? throw new InvalidOperationException("An authorized request without a caller's name reached the scenario shelf.");

    private static string? ReadString(JsonElement body, string field, bool required, List<RequestProblem> problems)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add(new RequestProblem(field, null, null, "missing", "the scenario's YAML text, as a JSON string"));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new RequestProblem(field, null, null, $"a JSON {RequestFields.Kind(value)}", "a string"));
            return null;
        }

        return value.GetString();
    }

    private static IResult Unknown(string name) => Results.Problem(
        title: "No such saved scenario.",
        detail: $"You have no saved scenario named '{RequestFields.Clip(name)}'; GET {SavedPath} lists yours.",
        statusCode: StatusCodes.Status404NotFound);
}

/// <summary>The body of <c>PUT /api/scenarios/saved/{name}</c>.</summary>
/// <param name="Yaml">The scenario file's text, as <c>liubeisim scenarios show</c> prints one; kept as given.</param>
/// <param name="BasedOn">The built-in or saved scenario it was made from; optional.</param>
public sealed record SaveScenarioRequest(string Yaml, string? BasedOn);

/// <summary>A saved scenario as listed: everything but its YAML.</summary>
/// <param name="Name">The shelf's name for it.</param>
/// <param name="Description">The first line of the scenario's description (or of its leading comments); empty when it has none.</param>
/// <param name="SavedAt">When it was last saved.</param>
/// <param name="Bytes">The YAML's size in UTF-8 bytes.</param>
/// <param name="BasedOn">The scenario it was made from, when the saver said.</param>
public sealed record SavedScenarioView(string Name, string Description, DateTimeOffset SavedAt, int Bytes, string? BasedOn)
{
    public static SavedScenarioView From(SavedScenarioEntry entry) => new(entry.Name, entry.Description, entry.SavedAt, entry.Bytes, entry.BasedOn);
}

/// <summary>The caller's shelf.</summary>
/// <param name="Scenarios">Newest first.</param>
/// <param name="MaxScenarios">How many one owner may keep (<c>Shelf:MaxScenariosPerOwner</c>).</param>
/// <param name="MaxScenarioBytes">The largest YAML saved, in bytes (<c>Shelf:MaxScenarioBytes</c>).</param>
public sealed record SavedScenarioList(IReadOnlyList<SavedScenarioView> Scenarios, int MaxScenarios, int MaxScenarioBytes)
{
    public static SavedScenarioList From(IReadOnlyList<SavedScenarioEntry> entries, ScenarioShelfOptions limits) =>
        new([.. entries.Select(SavedScenarioView.From)], limits.MaxScenariosPerOwner, limits.MaxScenarioBytes);
}
