using System.Security.Cryptography;
using LiubeiSim.Grains.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// The workbench's sign-in: the API key a person typed once stands behind an HTTP-only, same-site-strict, secure cookie
/// holding the key's SHA-256 (the keyring's own lookup), encrypted and signed with the host's data-protection keys so
/// neither page script nor anyone else can read or forge it. Never the key itself: whoever got hold of the cookie and
/// those keys still could not send it as a bearer key. The cookie finds the key exactly as the header does, and a
/// revoked key stops working for both.
/// </summary>
/// <remarks>
/// A cookie travels with every request a browser makes, including ones another site's page provokes; so it counts for
/// the workbench's pages and circuit and for reading the API (downloads), never for the API's writes, which keep
/// needing the header. Same-site-strict already keeps it off other sites' requests; this is the second lock.
/// </remarks>
public sealed class WorkbenchKeyCookie(IDataProtectionProvider protection, IOptions<WorkbenchSignInSettings> settings, TimeProvider time)
{
    public const string Name = "liubeisim-key";

    public const string SignInPage = "/signin";

    private readonly IDataProtector _protector = protection.CreateProtector("LiubeiSim.Workbench.KeyCookie.v1");

    /// <summary>The hash of the key the browser holds, or null: no cookie, one this host cannot unprotect, or a write to the API.</summary>
    public byte[]? ReadHash(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(Name, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (IsApi(context.Request.Path) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(_protector.Unprotect(text));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Made by another host's keys or tampered with: no sign-in, so the person is asked to sign in again.
            return null;
        }
    }

    public void Write(HttpContext context, string key) =>
        context.Response.Cookies.Append(Name, _protector.Protect(Convert.ToHexString(ApiKeyText.Hash(key))), Options(context, time.GetUtcNow().AddDays(settings.Value.Days)));

    public void Delete(HttpContext context)
    {
        if (context.Request.Cookies.ContainsKey(Name))
        {
            context.Response.Cookies.Delete(Name, Options(context, expires: null));
        }
    }

    /// <summary>A browser navigating to a workbench page (not the API, probes, metrics or the API's reference page).</summary>
    public static bool IsPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !IsApi(context.Request.Path)
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where a browser is sent to sign in, coming back to the page it asked for.</summary>
    public static string SignInPath(HttpContext context) =>
        $"{SignInPage}?returnUrl={Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString)}";

    /// <summary>Paths that are the host's machine interfaces rather than workbench pages.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi")
        || path.StartsWithSegments("/scalar") || path.StartsWithSegments("/dashboard")
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        // Secure even when this host sees plain HTTP: behind a TLS ingress it always does. Browsers keep Secure cookies
        // from loopback pages too; a host served over plain HTTP to other machines must say so (Workbench:SecureCookie).
        Secure = settings.Value.SecureCookie || context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}

/// <summary>The <c>Workbench</c> settings of the sign-in.</summary>
public sealed class WorkbenchSignInSettings
{
    public const string Section = "Workbench";

    /// <summary>How long a browser stays signed in before it asks for the key again.</summary>
    public int Days { get; set; } = 30;

    /// <summary>
    /// The cookie's Secure flag. Leave it on: it is right on loopback and behind TLS (an ingress); off only for a host
    /// reached over plain HTTP from other machines, where browsers would drop a Secure cookie and nobody could sign in.
    /// </summary>
    public bool SecureCookie { get; set; } = true;

    /// <summary>How often an open page asks whether its key was revoked meanwhile.</summary>
    public int RevalidationSeconds { get; set; } = 30;
}
