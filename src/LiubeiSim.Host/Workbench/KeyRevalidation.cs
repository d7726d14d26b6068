using System.Security.Claims;
using LiubeiSim.Host.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// An open workbench page asks every half minute whether its key still stands: a revoked key (or, for the keyless local
/// user, a first key created) ends the session there, as it ends the key's API access.
/// </summary>
public sealed class KeyRevalidation(ILoggerFactory loggers, KeyringCache keyring) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (state.User.Identity is not { IsAuthenticated: true })
        {
            return true;
        }

        KeyringView view;
        try
        {
            view = await keyring.GetAsync(cancellationToken);
        }
        catch (KeyringUnavailableException)
        {
            // Unknown is not revoked: the next question decides.
            return true;
        }

        return state.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyHashClaim) is { } hash
            ? view.Find(Convert.FromHexString(hash)) is not null
            : view.IsEmpty;
    }
}
