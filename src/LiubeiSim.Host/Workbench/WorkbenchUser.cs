using System.Security.Claims;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Host.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace LiubeiSim.Host.Workbench;

/// <summary>Who is at the workbench and what their key lets them do, in the API's own terms (roles are cumulative).</summary>
public sealed class WorkbenchUser(AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The key's name, the owner of what this person submits; null when not signed in.</summary>
    public async Task<string?> NameAsync() => IdentityPolicies.NameOf(await PrincipalAsync());

    public async Task<ApiKeyRole?> RoleAsync() => IdentityPolicies.RoleOf(await PrincipalAsync());

    /// <summary>Planners and admins start runs and comparisons and save scenarios; viewers read.</summary>
    public async Task<bool> MayPlanAsync() => await RoleAsync() >= ApiKeyRole.Planner;

    public async Task<bool> IsAdminAsync() => await RoleAsync() >= ApiKeyRole.Admin;
}
