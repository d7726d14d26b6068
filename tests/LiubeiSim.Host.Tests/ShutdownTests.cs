using System.Globalization;
using System.Net;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// A silo stopped while its Redis is gone still leaves by itself within the grace period Kubernetes and compose give it
/// (deploy/), and the Redis password it was given never shows in its output or in /readyz.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_whose_redis_died_exits_on_SIGTERM_within_the_grace_period_and_never_shows_the_redis_password()
    {
        var password = $"pw-{Guid.NewGuid():N}";
        var redis = await RedisServer.StartAsync(DebianTools.RedisServer, password: password);
        var grace = TimeSpan.FromSeconds(int.Parse(
            DeployManifests.Kubernetes.Single("Deployment", "liubeisim").Text("spec", "template", "spec", "terminationGracePeriodSeconds")!,
            CultureInfo.InvariantCulture));
        try
        {
            // As the Kubernetes manifests start it: the connection string, password included, from the environment;
            // every log category at Information (more than the default), so a password in any startup line would show.
            await using var host = ContainerHostProcess.Start(new Dictionary<string, string>
            {
                ["Orleans__Redis"] = redis.ConnectionString,
                ["Orleans__AdvertisedHost"] = "127.0.0.1",
                ["Logging__LogLevel__Default"] = "Information",
                ["Logging__LogLevel__Orleans"] = "Information",
                ["Logging__LogLevel__Microsoft"] = "Information",
            });
            Assert.Equal("Healthy", await host.WaitForAsync("/readyz", HttpStatusCode.OK));

            await redis.DisposeAsync();
            var down = await host.WaitForAsync("/readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
            Assert.Contains($"127.0.0.1:{redis.Port}", down, StringComparison.Ordinal);
            Assert.DoesNotContain(password, down, StringComparison.Ordinal);

            var (elapsed, exitCode) = await host.TerminateAsync(grace);
            output.WriteLine($"SIGTERM to exit with Redis dead: {elapsed.TotalSeconds:0.0} s (grace period {grace.TotalSeconds:0} s), exit code {exitCode}");
            Assert.Equal(0, exitCode);
            Assert.True(elapsed < grace, $"took {elapsed.TotalSeconds:0.0} s");

            // The host did talk about Redis (so the check below looked at something), but never with the password.
            Assert.Contains($"127.0.0.1:{redis.Port}", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(password, host.Output, StringComparison.Ordinal);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }
}
