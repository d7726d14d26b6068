using Microsoft.AspNetCore.Localization;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// <c>GET /language/{culture}?returnUrl=</c>: remembers the chosen language for a year and goes back to the page. A
/// link rather than a form: it changes a preference of this browser only, nothing a forged request could abuse.
/// </summary>
public static class WorkbenchLanguage
{
    public const string Path = "/language";

    public static string Link(string culture, string returnUrl) => $"{Path}/{culture}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static void MapWorkbenchLanguage(this WebApplication app) =>
        app.MapGet(Path + "/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var chosen = WorkbenchExtensions.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return Results.Problem(
                    title: "No such language.",
                    detail: $"'{culture}' is not one the workbench speaks: {string.Join(", ", WorkbenchExtensions.Cultures.Select(c => c.Name))}.",
                    statusCode: StatusCodes.Status404NotFound);
            }

            context.Response.Cookies.Append(
                WorkbenchExtensions.CultureCookie,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        })
        .AllowAnonymous()
        .ExcludeFromDescription();

    /// <summary>A path of this site: an absolute or protocol-relative address would make a redirect to it an open redirect.</summary>
    public static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        // Browsers drop tabs and line breaks inside addresses, so "/\t/host" would become "//host".
        && !url.Any(char.IsControl);
}
