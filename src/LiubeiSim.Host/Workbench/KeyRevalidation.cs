using System.Security.Claims;
using LiubeiSim.Host.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// An open workbench page asks every <see cref="WorkbenchSignInSettings.RevalidationSeconds"/> whether its key still
/// stands: a revoked key (or, for the keyless local user, a first key created) signs the page out, and the layout then
/// reloads it, which sends the person to sign in, as the key's API access ends.
/// </summary>
public sealed class KeyRevalidation(ILoggerFactory loggers, KeyringCache keyring, IOptions<WorkbenchSignInSettings> settings)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(settings.Value.RevalidationSeconds);

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
