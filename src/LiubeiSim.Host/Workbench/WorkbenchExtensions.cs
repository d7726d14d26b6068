using System.Globalization;
using LiubeiSim.Grains.Storage;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Host.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Radzen;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// The planners' workbench: Blazor pages served at <c>/</c> by the same host as the API and the silo, prerendered on
/// the server and interactive over the Blazor circuit. Pages call the host's own services (the run store, the scenario
/// validator), never the HTTP API, so a page can do exactly what the person's key may do through the API and no more.
/// </summary>
public static class WorkbenchExtensions
{
    /// <summary>The cultures the workbench speaks: the report's language first.</summary>
    public static readonly IReadOnlyList<CultureInfo> Cultures = [new("zh-CN"), new("en")];

    /// <summary>The cookie remembering the chosen language (ASP.NET Core's own format, read by its culture provider).</summary>
    public static string CultureCookie => CookieRequestCultureProvider.DefaultCookieName;

    public static WebApplicationBuilder AddLiubeiSimWorkbench(this WebApplicationBuilder builder)
    {
        // Run from a build (dotnet run, liubeisim serve, tests) the static files stay where they were built or restored,
        // listed in the app's runtime manifest, in every environment; a published app has them in wwwroot and no manifest.
        builder.WebHost.UseStaticWebAssets();

        // Without this, a build's manifest also adds a catch-all for files added after start (hot reload), which turns
        // a POST to a path with no route into 405 instead of the API's 404 and would serve files no manifest lists.
        builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        // A circuit message carries the editor's whole YAML on each keystroke: room for the largest scenario file the
        // parser accepts (UTF-16 in JSON, doubled), not SignalR's default 32 KB.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = (2 * LiubeiSim.Model.Scenarios.ScenarioParser.MaxFileBytes) + 16_384);
        builder.Services.AddRadzenComponents();
        builder.Services.AddLocalization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, KeyRevalidation>();
        builder.Services.AddScoped<WorkbenchUser>();
        builder.Services.AddSingleton<ScenarioDrafts>();
        District.DistrictExtensions.AddLiubeiSimDistrict(builder.Services);
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "liubeisim-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // A single host keeps its sign-in cookies' keys beside its grain state, so a restart does not sign everyone
        // out; a cluster's hosts each keep their own in memory (a browser stays on one host through its circuit anyway).
        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var protection = builder.Services.AddDataProtection().SetApplicationName("LiubeiSim");
        if (string.IsNullOrEmpty(cluster.Redis))
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataDirectory.Resolve(cluster.DataDirectory), "workbench-keys")));
        }

        // It warns that those keys lie unencrypted: they do, guarded by the data directory's permissions like the grain
        // state beside them (SECURITY.md); said once there rather than at every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);

        return builder;
    }

    /// <summary>Security headers and the language, before identity; call early in the pipeline.</summary>
    public static WebApplication UseLiubeiSimWorkbenchHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = [.. Cultures];
            options.SupportedUICultures = [.. Cultures];
            // The person's choice (cookie) over the browser's languages; the report's language when neither matches.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new BrowserLanguageProvider()];
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
        });
        return app;
    }

    /// <summary>The pages, their static files (from this host's and Radzen's packaged assets, never a CDN) and the language switch.</summary>
    public static WebApplication MapLiubeiSimWorkbench(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        // Every page and the circuit need a key of any role, as reading the API does (the sign-in page allows anyone);
        // what a role may do on a page is checked where it acts, as the API checks it per endpoint.
        // Blazor's own frame-ancestors 'self' header is dropped: SecurityHeaders sends the one policy, with 'none'.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null)
            .RequireAuthorization(IdentityPolicies.Viewer);
        app.MapWorkbenchLanguage();
        app.MapWorkbenchSignOut();
        return app;
    }
}
