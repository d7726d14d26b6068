using LiubeiSim.Workbench.Tests.Browser;

namespace LiubeiSim.Workbench.Tests;

/// <summary>
/// The harness on a host with keys: a session opened with a key sends it with every request its pages make, one opened
/// without gets the host's 401, and the session collects that failed request.
/// </summary>
public sealed class KeyedSessionTests(KeyedWorkbenchHost host) : IClassFixture<KeyedWorkbenchHost>
{
    private const string FetchScenarios = "async () => (await fetch('/api/scenarios')).status";

    [Fact]
    public async Task A_session_with_a_key_sends_it_with_the_page_s_requests()
    {
        await using var session = await host.OpenAsync("/healthz", apiKey: host.Viewer);

        Assert.Equal(200, await session.Page.EvaluateAsync<int>(FetchScenarios));
        session.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_session_without_a_key_is_refused_and_says_so()
    {
        await using var session = await host.OpenAsync("/healthz");

        Assert.Equal(401, await session.Page.EvaluateAsync<int>(FetchScenarios));
        Assert.Contains(session.FailedRequests, request => request.Contains("/api/scenarios answered 401", StringComparison.Ordinal));
        Assert.Throws<Xunit.Sdk.FailException>(session.AssertNoConsoleErrors);
    }
}
