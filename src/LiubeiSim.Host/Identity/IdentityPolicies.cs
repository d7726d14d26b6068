using System.Security.Claims;
using LiubeiSim.Grains.Keys;
using Microsoft.AspNetCore.Authorization;

namespace LiubeiSim.Host.Identity;

/// <summary>
/// The API's authorization policies, one per role, in this one place. Roles are cumulative: a planner may do what a
/// viewer may, an admin what a planner may. Every endpoint names one of these (or allows anonymous calls); the route
/// walk of the tests holds every route the host maps to that.
/// </summary>
public static class IdentityPolicies
{
    /// <summary>Reads: runs, comparisons, sweeps, their files, the built-in scenarios, /metrics.</summary>
    public const string Viewer = "viewer";

    /// <summary>Creates runs, comparisons and sweeps; cancels its own.</summary>
    public const string Planner = "planner";

    /// <summary>Everything: anyone's runs and sweeps, keys, the Orleans Dashboard.</summary>
    public const string Admin = "admin";

    /// <summary>The role each policy asks for at least.</summary>
    public static IReadOnlyDictionary<string, ApiKeyRole> Roles { get; } = new Dictionary<string, ApiKeyRole>(StringComparer.Ordinal)
    {
        [Viewer] = ApiKeyRole.Viewer,
        [Planner] = ApiKeyRole.Planner,
        [Admin] = ApiKeyRole.Admin,
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (policy, least) in Roles)
        {
            options.AddPolicy(policy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(Enum.GetValues<ApiKeyRole>().Where(r => r >= least).Select(ApiKeyNames.Of)));
        }

        // A route that names no policy still needs a key (and the tests name it); so does a path that matches no route,
        // so a caller without a key learns nothing of which routes exist.
        options.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
    }

    /// <summary>The holder's role, or null for a caller without one.</summary>
    public static ApiKeyRole? RoleOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Role) is { } text && ApiKeyNames.TryParseRole(text, out var role) ? role : null;

    /// <summary>The key's name: the owner of what its holder submits.</summary>
    public static string? NameOf(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true } ? user.FindFirstValue(ClaimTypes.Name) : null;
}
