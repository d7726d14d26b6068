using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiubeiSim.Host.Identity;

public static class IdentityExtensions
{
    /// <summary>The OpenAPI document the host serves (AddOpenApi's default name), which learns the bearer scheme here.</summary>
    private const string OpenApiDocumentName = "v1";

    /// <summary>
    /// API keys (<c>Authorization: Bearer KEY</c>) checked against the cluster's keyring, the role policies, and the start
    /// check. Call after the silo is added: the start check's hosted service must start after the silo's.
    /// </summary>
    public static WebApplicationBuilder AddLiubeiSimIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<IdentitySettings>(builder.Configuration.GetSection(IdentitySettings.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Keyring>();
        builder.Services.AddSingleton<KeyringCache>();
        builder.Services.AddSingleton<ListenScope>();
        builder.Services.Configure<WorkbenchSignInSettings>(builder.Configuration.GetSection(WorkbenchSignInSettings.Section));
        builder.Services.AddSingleton<WorkbenchKeyCookie>();
        builder.Services.AddSingleton<KeyRequirement>();
        builder.Services.AddHostedService(services => services.GetRequiredService<KeyRequirement>());

        // The default scheme, so every request's User is its key holder (for anything that partitions by caller);
        // the handler skips the keyring for endpoints that allow anonymous calls, so probes never wait on it.
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        builder.Services.AddAuthorization(IdentityPolicies.Add);
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(OpenApiDocumentName, IdentityOpenApi.Configure);
        return builder;
    }

    /// <summary>
    /// Who is calling, then what runs between knowing it and deciding access (the rate limits, which partition by key
    /// and must also slow down callers guessing keys before they are refused), then whether they may.
    /// </summary>
    public static WebApplication UseLiubeiSimIdentity(this WebApplication app, Action<WebApplication> beforeAuthorization)
    {
        app.UseAuthentication();
        beforeAuthorization(app);
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// What a host that started with no keys says on stderr: who has access and how to end that; null when keys are
    /// required. Call after the host has started (its addresses are known then).
    /// </summary>
    public static string? OpenAccessNotice(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<KeyRequirement>().OpenAtStart)
        {
            return null;
        }

        var gateway = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort;
        return string.Create(CultureInfo.InvariantCulture,
            $"no API keys: anyone who can reach {string.Join(", ", app.Urls)} has full access; create one with " +
            $"`liubeisim keys create --name NAME --role admin --cluster gateway://127.0.0.1:{gateway}`, and from then on every request needs a key");
    }
}
