using System.Text.Json;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Requests;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// Key management over HTTP, for admins: list keys, create one (its text is in that answer and nowhere else, ever),
/// revoke one. The same keyring as <c>liubeisim keys</c>.
/// </summary>
public static class KeyEndpoints
{
    public const string KeysPath = "/api/keys";
    public const string Tag = "Keys";

    private static readonly string[] Fields = ["name", "role"];

    public static WebApplication MapLiubeiSimKeys(this WebApplication app)
    {
        var keys = app.MapGroup(KeysPath).WithTags(Tag).RequireAuthorization(IdentityPolicies.Admin).AddEndpointFilter<KeyringUnavailableFilter>();
        keys.MapGet(string.Empty, List)
            .WithName("ListKeys")
            .WithSummary("List the API keys")
            .WithDescription("Every key, revoked ones too, in order of creation: name, role, when it was created and revoked. Never a key's text or hash.")
            .Produces<IReadOnlyList<ApiKeyView>>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keys.MapGet("/{name}", Get)
            .WithName("GetKey")
            .WithSummary("One API key")
            .WithDescription("The key of that name (names compare ignoring case): its role and when it was created and revoked. 404 when there is none.")
            .Produces<ApiKeyView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keys.MapPost(string.Empty, Create)
            .WithName("CreateKey")
            .WithSummary("Create an API key")
            .WithDescription("Creates a key with a `name` (letters, digits, '.', '_' and '-', at most 64; never reused, even once revoked) and a `role`: `viewer` reads, `planner` also submits runs, comparisons and sweeps and cancels its own, `admin` does everything. Answers 201 with the key's text in `key`: the only time it is shown, as only its SHA-256 hash is stored. 400 for a wrong body, 409 when the name is taken.")
            .DescribesJsonBody<KeyRequest>("The new key's name and role.")
            .Produces<ApiKeyCreated>(StatusCodes.Status201Created)
            .Produces<InvalidRequestProblem>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keys.MapDelete("/{name}", Revoke)
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key")
            .WithDescription($"The key stops working on this host at once and on every other within {KeyringCache.Freshness.TotalSeconds:0} seconds. Its record stays, so its name stays taken and its runs keep their owner. 404 when there is no such key, 409 when it was revoked before.")
            .Produces<ApiKeyView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> List(Keyring keyring) =>
        Results.Ok((await keyring.ListAsync()).Select(ApiKeyView.From).ToList());

    private static async Task<IResult> Get(string name, Keyring keyring) =>
        (await keyring.ListAsync()).FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)) is { } key
            ? Results.Ok(ApiKeyView.From(key))
            : UnknownKey(name);

    private static async Task<IResult> Create(HttpContext context, Keyring keyring, KeyringCache cache)
    {
        var (body, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        var problems = new List<RequestProblem>();
        string? name = null;
        ApiKeyRole role = default;
        if (RequestFields.NotAnObject(body, """{"name": "alice", "role": "planner"}""") is { } notObject)
        {
            problems.Add(notObject);
        }
        else
        {
            RequestFields.RejectUnknown(body, Fields, problems);
            name = ReadString(body, "name", problems);
            if (name is not null && ApiKeyNames.Problem(name) is { } nameProblem)
            {
                problems.Add(new RequestProblem("name", null, null, nameProblem, "a new name such as alice or ci-nightly"));
            }

            var roleText = ReadString(body, "role", problems);
            if (roleText is not null && !ApiKeyNames.TryParseRole(roleText, out role))
            {
                problems.Add(new RequestProblem("role", null, null, $"'{roleText}' is not a role", string.Join(", ", ApiKeyNames.Roles)));
            }
        }

        if (problems.Count > 0 || name is null)
        {
            return InvalidRequest.Problem("The key request is invalid.", problems);
        }

        var key = ApiKeyText.Generate();
        var change = await keyring.AddAsync(name, role, key);
        cache.Invalidate();
        if (change.Outcome == KeyringOutcome.NameTaken)
        {
            return Results.Problem(
                title: "The name is taken.",
                detail: $"A key named '{change.Key?.Name ?? name}' exists{(change.Key?.RevokedAt is null ? string.Empty : " (revoked)")}; names are never reused, so a run's owner stays one holder. Choose another.",
                statusCode: StatusCodes.Status409Conflict);
        }

        // The one answer that holds a key: no cache may keep it.
        context.Response.Headers.CacheControl = "no-store";
        var created = change.Key!;
        return Results.Created($"{KeysPath}/{Uri.EscapeDataString(created.Name)}", new ApiKeyCreated(
            created.Name,
            ApiKeyNames.Of(created.Role),
            created.CreatedAt,
            key,
            "Keep the key now: it is not shown again, only its hash is stored. Send it as `Authorization: Bearer KEY`."));
    }

    private static async Task<IResult> Revoke(string name, Keyring keyring, KeyringCache cache)
    {
        var change = await keyring.RevokeAsync(name);
        cache.Invalidate();
        return change.Outcome switch
        {
            KeyringOutcome.Done => Results.Ok(ApiKeyView.From(change.Key!)),
            KeyringOutcome.AlreadyRevoked => Results.Problem(
                title: "The key was revoked before.",
                detail: $"The key '{change.Key!.Name}' was revoked at {change.Key.RevokedAt:u}; there is nothing more to do.",
                statusCode: StatusCodes.Status409Conflict),
            _ => UnknownKey(name),
        };
    }

    private static string? ReadString(JsonElement body, string field, List<RequestProblem> problems)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new RequestProblem(field, null, null, "missing", field == "name" ? "the key's name, e.g. alice" : string.Join(", ", ApiKeyNames.Roles)));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new RequestProblem(field, null, null, $"a JSON {RequestFields.Kind(value)}", "a string"));
            return null;
        }

        return value.GetString();
    }

    private static IResult UnknownKey(string name) => Results.Problem(
        title: "No such key.",
        detail: $"No key named '{name}' in this cluster; GET {KeysPath} lists them.",
        statusCode: StatusCodes.Status404NotFound);
}

/// <summary>The body of <c>POST /api/keys</c>.</summary>
/// <param name="Name">The key's name: letters, digits, '.', '_' and '-', at most 64, not taken before.</param>
/// <param name="Role"><c>viewer</c>, <c>planner</c> or <c>admin</c>.</param>
public sealed record KeyRequest(string Name, string Role);

/// <summary>A key as listed: never its text or hash.</summary>
/// <param name="Name">The key's name, the owner of the runs and sweeps it submits.</param>
/// <param name="Role"><c>viewer</c>, <c>planner</c> or <c>admin</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
public sealed record ApiKeyView(string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKeyInfo key) => new(key.Name, ApiKeyNames.Of(key.Role), key.CreatedAt, key.RevokedAt);
}

/// <summary>The answer to <c>POST /api/keys</c>: the only place the key's text ever appears.</summary>
/// <param name="Name">The key's name.</param>
/// <param name="Role"><c>viewer</c>, <c>planner</c> or <c>admin</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Key">The key, to send as <c>Authorization: Bearer KEY</c>. Not shown again.</param>
/// <param name="Note">That it is not shown again.</param>
public sealed record ApiKeyCreated(string Name, string Role, DateTimeOffset CreatedAt, string Key, string Note);

/// <summary>Answers 503 with Retry-After when the keyring cannot be reached, with a reason and no internals; the exception goes to the log.</summary>
internal sealed partial class KeyringUnavailableFilter(ILogger<KeyringUnavailableFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (KeyringUnavailableException e)
        {
            var request = context.HttpContext.Request;
            LogUnavailable(e.InnerException ?? e, request.Method, request.Path.Value ?? string.Empty);
            context.HttpContext.Response.Headers.RetryAfter = "30";
            return Results.Problem(
                title: "The key store is unavailable.",
                detail: $"{e.Message}; try again when it is back",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: the key store is unavailable; answered 503")]
    private partial void LogUnavailable(Exception exception, string method, string path);
}
