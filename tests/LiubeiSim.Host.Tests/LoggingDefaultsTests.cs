using LiubeiSim.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiubeiSim.Host.Tests;

public sealed class LoggingDefaultsTests
{
    [Fact]
    public async Task Without_appsettings_Polly_and_Orleans_log_warnings_only_and_other_categories_information()
    {
        await using var app = new BareHost();
        var logs = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(logs.CreateLogger("Polly").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("Polly").IsEnabled(LogLevel.Warning));
        Assert.False(logs.CreateLogger("Orleans.Runtime.Placement").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("LiubeiSim.Host.Runs.RunWorker").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Configuration_overrides_the_defaults()
    {
        await using var app = new BareHost("--Logging:LogLevel:Polly=Information");

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_shipped_appsettings_say_the_same()
    {
        var json = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "src", "LiubeiSim.Host", "appsettings.json"));
        var levels = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("Logging").GetProperty("LogLevel");
        foreach (var (key, level) in LoggingDefaults.Levels)
        {
            Assert.Equal(level, levels.GetProperty(key["Logging:LogLevel:".Length..]).GetString());
        }
    }

    /// <summary>A web application with the code defaults on a content root without appsettings.json, so only they and the arguments speak.</summary>
    private sealed class BareHost : IAsyncDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("liubeisim-logging-");
        private readonly WebApplication _app;

        public BareHost(params string[] args)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = _root.FullName });
            builder.UseLiubeiSimLoggingDefaults();
            _app = builder.Build();
        }

        public IServiceProvider Services => _app.Services;

        public async ValueTask DisposeAsync()
        {
            await _app.DisposeAsync();
            _root.Delete(recursive: true);
        }
    }
}
