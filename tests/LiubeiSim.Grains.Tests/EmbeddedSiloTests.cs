using LiubeiSim.Grains.Engine;
using LiubeiSim.Grains.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiubeiSim.Grains.Tests;

/// <summary>The CLI's silo starts beside other silos on this machine and never joins them.</summary>
public sealed class EmbeddedSiloTests
{
    [Fact]
    public async Task Runs_beside_a_silo_on_the_default_ports_and_beside_another_embedded_silo()
    {
        // A server as `UseLocalhostClustering()` starts one: ports 11111 and 30000, cluster "dev".
        using var server = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleans(silo => silo.UseLocalhostClustering().AddLiubeiSimGrains())
            .Build();
        var serverStarted = await TryStart(server);
        await using var other = await EmbeddedSilo.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var scenario = Scenarios.Load("baseline-2023");
        var reference = InProcessEngine.Run(scenario, cancellationToken: TestContext.Current.CancellationToken);
        var own = OrleansEngine.RunAsync(scenario, shards: 2, cancellationToken: TestContext.Current.CancellationToken);
        var beside = OrleansEngine.RunOnAsync(other.Grains, scenario, shards: 3, cancellationToken: TestContext.Current.CancellationToken);
        var results = await Task.WhenAll(own, beside);

        foreach (var result in results)
        {
            Assert.Equal(RunReport.IndicatorsCsv(reference), RunReport.IndicatorsCsv(result));
        }

        if (serverStarted)
        {
            await server.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Starts the "server" unless something on this machine already holds its ports (then that something is the server).</summary>
    private static async Task<bool> TryStart(IHost server)
    {
        try
        {
            await server.StartAsync(TestContext.Current.CancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }
}
