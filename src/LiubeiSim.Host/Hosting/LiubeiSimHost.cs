using LiubeiSim.Host.Admission;
using LiubeiSim.Host.Comparisons;
using LiubeiSim.Host.Health;
using LiubeiSim.Host.Identity;
using LiubeiSim.Host.Limits;
using LiubeiSim.Host.OpenApi;
using LiubeiSim.Host.Runs;
using LiubeiSim.Host.Scenarios;
using LiubeiSim.Host.Sweeps;
using LiubeiSim.Host.Telemetry;
using LiubeiSim.Host.Workbench;

namespace LiubeiSim.Host.Hosting;

/// <summary>
/// The LiubeiSim service: a silo, the planners' workbench at <c>/</c>, the run, compare, sweep and saved-scenario API
/// with its OpenAPI document, <c>/metrics</c>, health probes and the optional dashboard, in one ASP.NET Core application.
/// <c>dotnet run --project src/LiubeiSim.Host</c> and
/// <c>liubeisim serve</c> both build it here, so the two can never drift apart.
/// </summary>
public static class LiubeiSimHost
{
    /// <param name="args">The command line: settings and <c>--urls</c>.</param>
    /// <param name="configure">Services added after the host's own, before it is built (tests add faults and log captures).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root at the binaries, not the working directory: `liubeisim serve` runs from anywhere and must still
        // find the host's appsettings.json (every setting also has a default in code).
        // The application is the host whichever program starts it (the CLI's serve, a test): its name picks the
        // workbench's static-asset manifest (LiubeiSim.Host.staticwebassets.*.json), which travels with the host's binaries.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(LiubeiSimHost).Assembly.GetName().Name,
        });
        builder.UseLiubeiSimLoggingDefaults();
        builder.BindLoopbackUnlessTold();
        builder.AddLiubeiSimProblemDetails();
        builder.AddLiubeiSimRequestLimits();
        builder.AddLiubeiSimCrossOrigin();
        builder.AddLiubeiSimSilo();
        builder.AddLiubeiSimIdentity();
        builder.AddLiubeiSimTelemetry();
        builder.AddLiubeiSimHealth();
        builder.AddLiubeiSimRuns();
        builder.AddLiubeiSimAdmission();
        builder.AddLiubeiSimComparisons();
        builder.AddLiubeiSimSweeps();
        builder.AddLiubeiSimScenarioShelf();
        builder.AddLiubeiSimOpenApi();
        builder.AddLiubeiSimWorkbench();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseLiubeiSimProblemDetails();
        app.UseLiubeiSimCrossOrigin();
        app.UseLiubeiSimWorkbenchHeaders();
        app.UseLiubeiSimIdentity(beforeAuthorization: a => a.UseLiubeiSimRequestLimits());
        app.MapLiubeiSimHealth();
        app.MapLiubeiSimMetrics();
        app.MapLiubeiSimApi();
        app.MapLiubeiSimScenarioValidation();
        app.MapLiubeiSimScenarioShelf();
        app.MapLiubeiSimComparisons();
        app.MapLiubeiSimSweeps();
        app.MapLiubeiSimKeys();
        app.MapLiubeiSimOpenApi();
        app.MapLiubeiSimDashboard();
        app.MapLiubeiSimWorkbench();
        return app;
    }
}
