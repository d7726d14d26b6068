using LiubeiSim.Cli.Hosting;

namespace LiubeiSim.Cli.Tests.Hosting;

/// <summary>
/// What a cold command pays for before it does anything: Orleans registers every application part it can reach when a
/// silo or client starts, including each part the entry assembly names. The tool must not be one: it would name the
/// host, the dashboard, Kubernetes and Redis hosting, and every `run` on Orleans would load and register them.
/// </summary>
public sealed class StartupLoadTests
{
    [Fact]
    public void The_tool_is_no_Orleans_application_part()
    {
        var parts = typeof(CliApplication).Assembly.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "ApplicationPartAttribute")
            .Select(a => a.ConstructorArguments[0].Value)
            .ToList();

        Assert.Empty(parts);
    }
}
