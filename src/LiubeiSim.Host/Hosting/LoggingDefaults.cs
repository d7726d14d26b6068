using Microsoft.Extensions.Configuration.Memory;

namespace LiubeiSim.Host.Hosting;

/// <summary>
/// Log levels the host uses unless configuration says otherwise. They repeat appsettings.json's, so that a host
/// started without that file (a <c>liubeisim serve</c> packed differently, a test's content root) is as quiet.
/// </summary>
public static class LoggingDefaults
{
    /// <summary>
    /// Polly writes two Information lines for every grain placement (Orleans' placement pipeline, "Execution attempt"
    /// and "Resilience pipeline executed"): hundreds per run, burying the lines that matter. Orleans and ASP.NET Core
    /// log per request or per grain call at Information as well.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Levels { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static WebApplicationBuilder UseLiubeiSimLoggingDefaults(this WebApplicationBuilder builder)
    {
        // First source, so the lowest precedence: appsettings.json, the environment and the command line all override it.
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        return builder;
    }
}
