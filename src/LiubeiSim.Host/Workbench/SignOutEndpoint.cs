using LiubeiSim.Host.Identity;
using Microsoft.AspNetCore.Antiforgery;

namespace LiubeiSim.Host.Workbench;

/// <summary><c>POST /signout</c> (a form with its antiforgery token): forgets the key this browser held.</summary>
public static class SignOutEndpoint
{
    public const string Path = "/signout";

    public static void MapWorkbenchSignOut(this WebApplication app) =>
        app.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery, WorkbenchKeyCookie cookie) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Problem(title: "The form is stale.", detail: "reload the page and sign out again", statusCode: StatusCodes.Status400BadRequest);
            }

            cookie.Delete(context);
            return Results.LocalRedirect(WorkbenchKeyCookie.SignInPage);
        })
        // Signed in to sign out: the form's token is bound to its holder, so only an authenticated request can match it
        // (a revoked key is refused anyway, which is what signing out would achieve).
        .RequireAuthorization(IdentityPolicies.Viewer)
        .DisableAntiforgery()
        .ExcludeFromDescription();
}
