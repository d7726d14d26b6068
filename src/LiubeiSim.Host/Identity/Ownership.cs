using System.Security.Claims;
using LiubeiSim.Grains.Keys;

namespace LiubeiSim.Host.Identity;

/// <summary>Who may cancel what: a planner what it submitted, an admin anything.</summary>
public static class Ownership
{
    /// <summary>True when <paramref name="user"/> may cancel what <paramref name="owner"/> submitted (the role to cancel at all, planner, is the caller's check).</summary>
    public static bool MayCancel(ClaimsPrincipal user, string? owner) =>
        IdentityPolicies.RoleOf(user) == ApiKeyRole.Admin
        || (owner is not null && string.Equals(owner, IdentityPolicies.NameOf(user), StringComparison.Ordinal));

    /// <summary>Null when <paramref name="user"/> may cancel <paramref name="what"/>; else the 403 problem to answer.</summary>
    public static IResult? RefuseCancel(ClaimsPrincipal user, string? owner, string what)
    {
        if (MayCancel(user, owner))
        {
            return null;
        }

        var whose = owner is null ? "no key (it came through an Orleans client)" : $"the key '{owner}'";
        return Results.Problem(
            title: "Not yours to cancel.",
            detail: $"{what} was submitted by {whose}; a planner cancels only what it submitted, an admin anything.",
            statusCode: StatusCodes.Status403Forbidden);
    }
}
