using System.Net;

namespace LiubeiSim.Host.Tests;

[Collection(HostCollection.Name)]
public sealed class DashboardTests
{
    [Fact]
    public async Task The_orleans_dashboard_is_served_at_dashboard_when_enabled()
    {
        await using var host = await RunningHost.StartAsync("--Orleans:Dashboard=true");

        using var page = await host.Http.GetAsync("/dashboard/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        using var version = await host.Http.GetAsync("/dashboard/version", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }
}
