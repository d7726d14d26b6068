using System.Security.Claims;
using System.Text.Encodings.Web;
using LiubeiSim.Grains.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// <c>Authorization: Bearer KEY</c>: the key's hash is looked up among the cluster's active keys, and its holder is the
/// key's name (<see cref="ClaimTypes.Name"/>, the owner of what it submits) with its role (<see cref="ClaimTypes.Role"/>).
/// With no active key at all, a caller from loopback to a host that listens only on loopback is the local admin
/// <see cref="ApiKeyNames.Local"/>: one person on their own machine needs no key. A key that is given must be valid,
/// even then. Refusals are problem documents: 401 with <c>WWW-Authenticate: Bearer</c>, 403 naming the role needed,
/// 503 when the keyring cannot be asked.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyringCache keyring,
    ListenScope scope,
    WorkbenchKeyCookie cookie) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The claim holding the key's SHA-256 (hex), so an open workbench session can ask later whether it was revoked.</summary>
    public const string KeyHashClaim = "liubeisim:key-sha256";

    private const string BearerPrefix = "Bearer ";

    /// <summary>Seconds a client is asked to wait when the keyring cannot be asked: the cache's freshness and a little.</summary>
    private const string RetryAfterSeconds = "5";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Probes and the API's description need no caller, and must not wait on the keyring to answer.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return AuthenticateResult.NoResult();
        }

        var headers = Request.Headers.Authorization;
        if (headers.Count == 0 && cookie.ReadHash(Context) is { } signedIn)
        {
            // The workbench's sign-in cookie names a key by its hash, the keyring's lookup: same check, same revocation.
            return await CheckHashAsync(signedIn);
        }

        if (headers.Count == 0)
        {
            // Without a key only a local caller can get in, and only while there are no keys: others cost no keyring lookup.
            if (!scope.IsLocal(Context))
            {
                return AuthenticateResult.NoResult();
            }

            var (view, unavailable) = await ViewAsync();
            return view is null ? AuthenticateResult.Fail(unavailable!) : view.IsEmpty ? Success(ApiKeyNames.Local, ApiKeyRole.Admin) : AuthenticateResult.NoResult();
        }

        if (headers.Count > 1 || headers[0] is not { } header || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail(new InvalidKeyException("the Authorization header is not `Bearer KEY`"));
        }

        var presented = header[BearerPrefix.Length..].Trim();
        if (presented.Length is 0 or > ApiKeyText.MaxLength)
        {
            return AuthenticateResult.Fail(new InvalidKeyException("the key is not one this cluster has"));
        }

        return await CheckHashAsync(ApiKeyText.Hash(presented));
    }

    private async Task<AuthenticateResult> CheckHashAsync(byte[] hash)
    {
        var (keys, failure) = await ViewAsync();
        if (keys is null)
        {
            return AuthenticateResult.Fail(failure!);
        }

        if (keys.Find(hash) is not { } key)
        {
            LogRejected(Logger, Request.Method, Request.Path.Value ?? string.Empty, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return AuthenticateResult.Fail(new InvalidKeyException("the key is not one this cluster has, or it was revoked"));
        }

        return Success(key.Name, key.Role, Convert.ToHexString(hash));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (WorkbenchKeyCookie.IsPageRequest(Context) && result.Failure is not KeyringUnavailableException)
        {
            // A person in a browser is sent to sign in (a stale cookie is dropped first), not handed a problem document.
            cookie.Delete(Context);
            Response.Redirect(WorkbenchKeyCookie.SignInPath(Context));
            return;
        }

        if (result.Failure is KeyringUnavailableException unavailable)
        {
            Response.Headers.RetryAfter = RetryAfterSeconds;
            await Results.Problem(
                title: "The key store is unavailable.",
                detail: $"the key could not be checked: {unavailable.Message}; try again when it is back",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(Context);
            return;
        }

        // RFC 6750: a key that was given and is wrong is an invalid_token; no key at all gets the bare challenge.
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer realm=\"liubeisim\"" : "Bearer realm=\"liubeisim\", error=\"invalid_token\"";
        await Results.Problem(
            title: "An API key is needed.",
            detail: result.Failure is { } failure
                ? $"{failure.Message}; send a valid key as `Authorization: Bearer KEY` (an admin creates one with `liubeisim keys create`)."
                : "Send an API key as `Authorization: Bearer KEY`; an admin creates one with `liubeisim keys create --name NAME --role viewer|planner|admin`.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy is { } p && IdentityPolicies.Roles.TryGetValue(p, out var role) ? role : (ApiKeyRole?)null)
            .Max();
        var holder = IdentityPolicies.NameOf(Context.User);
        var has = IdentityPolicies.RoleOf(Context.User) is { } r ? $"{ApiKeyNames.WithArticle(r)} key" : "a key without a role";
        await Results.Problem(
            title: "This key may not do that.",
            detail: needed is { } least
                ? $"the key '{holder}' is {has}; {Context.Request.Method} {Context.Request.Path} needs {ApiKeyNames.WithArticle(least)} key or higher."
                : $"the key '{holder}' ({has}) may not {Context.Request.Method} {Context.Request.Path}.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }

    private async Task<(KeyringView? View, KeyringUnavailableException? Unavailable)> ViewAsync()
    {
        try
        {
            return (await keyring.GetAsync(Context.RequestAborted), null);
        }
        catch (KeyringUnavailableException e)
        {
            // Logged in full here; the client's 503 names only the kind of failure.
            LogUnavailable(Logger, e.InnerException ?? e, Request.Method, Request.Path.Value ?? string.Empty);
            return (null, e);
        }
    }

    private AuthenticateResult Success(string name, ApiKeyRole role, string? keyHash = null)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, ApiKeyNames.Of(role))], Scheme.Name);
        if (keyHash is not null)
        {
            identity.AddClaim(new Claim(KeyHashClaim, keyHash));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: refused a key this cluster does not have (or revoked) from {Remote}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: the keyring is unavailable; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);
}

/// <summary>A key that was given is malformed, unknown or revoked; the message says which, without the key.</summary>
public sealed class InvalidKeyException : Exception
{
    public InvalidKeyException()
    {
    }

    public InvalidKeyException(string message)
        : base(message)
    {
    }

    public InvalidKeyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
