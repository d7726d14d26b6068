using System.Net;
using System.Text.RegularExpressions;
using LiubeiSim.Host.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests.Identity;

/// <summary>
/// Every route the real host maps (taken from its <see cref="EndpointDataSource"/>, the Orleans Dashboard's included)
/// declares who may call it, the declarations are the ones pinned here, and each route answers as its policy says to a
/// caller with no key, a wrong key and a key of each role.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class RouteAccessTests(KeyedHostFixture fixture) : IClassFixture<KeyedHostFixture>
{
    private const string Anonymous = "anonymous";

    /// <summary>
    /// Who may call what, by route. A route the host maps that is missing here fails the test with its name: add it with
    /// the least role that may call it (and say why in the endpoint's declaration if it is not obvious).
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Anonymous,
        ["GET /readyz"] = Anonymous,
        ["GET /openapi/v1.json"] = Anonymous,
        ["GET /scalar/{documentName?}"] = Anonymous,
        ["GET /scalar/scalar.js"] = Anonymous,
        ["GET /scalar/scalar.aspnetcore.js"] = Anonymous,
        ["GET /scalar/favicon.svg"] = Anonymous,
        ["GET /metrics"] = IdentityPolicies.Viewer,
        ["GET /api/scenarios"] = IdentityPolicies.Viewer,

        // Starts nothing: a viewer may check a scenario as an editor types it.
        ["POST /api/scenarios/validate"] = IdentityPolicies.Viewer,

        // Each caller's own shelf: a viewer reads its (empty) shelf; saving and deleting are a planner's.
        ["GET /api/scenarios/saved"] = IdentityPolicies.Viewer,
        ["GET /api/scenarios/saved/{name}"] = IdentityPolicies.Viewer,
        ["PUT /api/scenarios/saved/{name}"] = IdentityPolicies.Planner,
        ["DELETE /api/scenarios/saved/{name}"] = IdentityPolicies.Planner,
        ["GET /api/runs"] = IdentityPolicies.Viewer,
        ["POST /api/runs"] = IdentityPolicies.Planner,
        ["GET /api/runs/{id}"] = IdentityPolicies.Viewer,
        ["DELETE /api/runs/{id}"] = IdentityPolicies.Planner,
        ["GET /api/runs/{id}/summary"] = IdentityPolicies.Viewer,
        ["GET /api/runs/{id}/summary.json"] = IdentityPolicies.Viewer,
        ["GET /api/runs/{id}/indicators.csv"] = IdentityPolicies.Viewer,
        ["GET /api/runs/{id}/targets.csv"] = IdentityPolicies.Viewer,
        ["GET /api/runs/{id}/indicators.parquet"] = IdentityPolicies.Viewer,
        ["GET /api/runs/{id}/report.html"] = IdentityPolicies.Viewer,
        ["GET /api/runs/{id}/fan"] = IdentityPolicies.Viewer,
        ["POST /api/compare"] = IdentityPolicies.Planner,
        ["GET /api/compare/{id}"] = IdentityPolicies.Viewer,
        ["GET /api/compare/{id}/compare.csv"] = IdentityPolicies.Viewer,
        ["GET /api/compare/{id}/compare-monthly.csv"] = IdentityPolicies.Viewer,
        ["GET /api/compare/{id}/fan"] = IdentityPolicies.Viewer,
        ["POST /api/sweeps"] = IdentityPolicies.Planner,
        ["GET /api/sweeps/{id}"] = IdentityPolicies.Viewer,
        ["DELETE /api/sweeps/{id}"] = IdentityPolicies.Planner,
        ["GET /api/sweeps/{id}/sweep.json"] = IdentityPolicies.Viewer,
        ["GET /api/sweeps/{id}/points.csv"] = IdentityPolicies.Viewer,
        ["GET /api/sweeps/{id}/points.parquet"] = IdentityPolicies.Viewer,
        ["GET /api/sweeps/{id}/indicators.csv"] = IdentityPolicies.Viewer,
        ["GET /api/sweeps/{id}/indicators.parquet"] = IdentityPolicies.Viewer,
        ["GET /api/sweeps/{id}/targets.csv"] = IdentityPolicies.Viewer,
        ["GET /api/sweeps/{id}/targets.parquet"] = IdentityPolicies.Viewer,
        ["GET /api/keys"] = IdentityPolicies.Admin,
        ["POST /api/keys"] = IdentityPolicies.Admin,
        ["GET /api/keys/{name}"] = IdentityPolicies.Admin,
        ["DELETE /api/keys/{name}"] = IdentityPolicies.Admin,

        // The workbench's machinery: the language link changes only this browser's preference; signing out needs the
        // holder (its form's token is bound to them); the circuit is a page's, so it needs what pages need.
        ["GET /language/{culture}"] = Anonymous,
        ["POST /signout"] = IdentityPolicies.Viewer,
        ["GET /_framework/opaque-redirect"] = IdentityPolicies.Viewer,
        ["GET /_blazor"] = IdentityPolicies.Viewer,
        ["GET /_blazor/negotiate"] = IdentityPolicies.Viewer,
        ["GET /_blazor/disconnect"] = IdentityPolicies.Viewer,
        ["GET /_blazor/initializers"] = IdentityPolicies.Viewer,
    };

    /// <summary>
    /// Workbench pages (Razor components with an @page route) need a key of any role, as reading the API does; what a
    /// role may do there is checked where the page acts. Only these may be opened without one.
    /// </summary>
    private static readonly HashSet<string> AnonymousPages = new(StringComparer.Ordinal) { "GET /signin", "POST /signin" };

    /// <summary>The Orleans Dashboard maps many routes of its own under /dashboard: every one of them is for admins.</summary>
    private const string DashboardPrefix = "/dashboard";

    private static readonly string[] Roles = [IdentityPolicies.Viewer, IdentityPolicies.Planner, IdentityPolicies.Admin];

    private RunningHost Host => fixture.Host;

    [Fact]
    public void Every_route_declares_one_of_the_policies_and_it_is_the_one_pinned_here()
    {
        var routes = Routes();
        Assert.Contains(routes, r => r.Name == "POST /api/runs");
        Assert.Contains(routes, r => r.Name.StartsWith($"GET {DashboardPrefix}/", StringComparison.Ordinal));

        var problems = new List<string>();
        foreach (var route in routes)
        {
            if (route.Declared is null)
            {
                problems.Add($"{route.Name} declares no policy: give it .RequireAuthorization(IdentityPolicies.X) or .AllowAnonymous()");
                continue;
            }

            var expected = route.Path.StartsWith(DashboardPrefix, StringComparison.Ordinal) ? IdentityPolicies.Admin
                : route.IsPage ? (AnonymousPages.Contains(route.Name) ? Anonymous : IdentityPolicies.Viewer)
                : Expected.GetValueOrDefault(route.Name);
            if (expected is null)
            {
                problems.Add($"{route.Name} ({route.Declared}) is not in {nameof(RouteAccessTests)}.{nameof(Expected)}: add it with the role it needs");
            }
            else if (expected != route.Declared)
            {
                problems.Add($"{route.Name} needs {route.Declared}, but {expected} is pinned");
            }
        }

        foreach (var pinned in Expected.Keys.Where(k => !routes.Any(r => r.Name == k)))
        {
            problems.Add($"{pinned} is pinned but the host maps no such route");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_route_answers_401_403_or_lets_in_as_its_policy_says_to_no_key_a_wrong_key_and_each_role()
    {
        var keys = new Dictionary<string, string>
        {
            [IdentityPolicies.Viewer] = fixture.Viewer,
            [IdentityPolicies.Planner] = fixture.Planner,
            [IdentityPolicies.Admin] = fixture.Admin,
        };
        var wrong = "liubeisim_" + new string('A', 43);
        var failures = new List<string>();
        var routes = Routes().Where(r => r.Declared is not null).ToList();
        Assert.True(routes.Count >= Expected.Count, $"only {routes.Count} routes");
        foreach (var route in routes)
        {
            var anonymous = route.Declared == Anonymous;
            await Expect(route, "no key", null, anonymous ? null : HttpStatusCode.Unauthorized, failures);
            await Expect(route, "a wrong key", wrong, anonymous ? null : HttpStatusCode.Unauthorized, failures);
            foreach (var role in Roles)
            {
                var allowed = anonymous || Array.IndexOf(Roles, role) >= Array.IndexOf(Roles, route.Declared);
                await Expect(route, $"a {role} key", keys[role], allowed ? null : HttpStatusCode.Forbidden, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_path_no_route_matches_needs_a_key_before_it_is_a_404()
    {
        using var anonymous = await fixture.SendAsync(HttpMethod.Get, "/api/nothing-here", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var viewer = await fixture.SendAsync(HttpMethod.Get, "/api/nothing-here", fixture.Viewer);
        Assert.Equal(HttpStatusCode.NotFound, viewer.StatusCode);
    }

    /// <summary>
    /// Calls the route and checks the answer: <paramref name="refusal"/> (401 with a Bearer challenge, or 403, each a
    /// problem document), or, when null, anything but 401 and 403 (a 404 for the made-up id, a 400 for the empty body:
    /// the caller was let in).
    /// </summary>
    private async Task Expect(Route route, string who, string? key, HttpStatusCode? refusal, List<string> failures)
    {
        using var response = await fixture.SendAsync(new HttpMethod(route.Method), route.Concrete, key, route.Method is "POST" or "PUT" or "PATCH" ? "{}" : null);
        var status = response.StatusCode;
        var what = $"{route.Method} {route.Concrete} with {who} answered {(int)status}";
        if (refusal is null)
        {
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                failures.Add($"{what}; {route.Declared} lets it in");
            }

            return;
        }

        if (status != refusal)
        {
            failures.Add($"{what}, not {(int)refusal} ({route.Declared} only)");
            return;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what} with {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not a problem document");
        }

        if (refusal == HttpStatusCode.Unauthorized && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
        {
            failures.Add($"{what} without WWW-Authenticate: Bearer");
        }
    }

    [Fact]
    public async Task Static_files_are_anonymous_reads_outside_the_API_and_the_pages_own_ones_answer_without_a_key()
    {
        var files = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null).ToList();
        Assert.NotEmpty(files);
        var problems = files
            .Where(e => Declared(e) != Anonymous
                || e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                || (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Any(m => m is not ("GET" or "HEAD")))
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.True(problems.Count == 0, "static files that are not anonymous reads outside /api: " + string.Join(", ", problems));

        // The sign-in page needs its script and styles before anyone has a key.
        foreach (var path in (string[])["/_framework/blazor.web.js", "/_content/Radzen.Blazor/css/material-base.css", "/_content/Radzen.Blazor/Radzen.Blazor.js", "/workbench.css", "/favicon.svg"])
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, path, null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} without a key answered {(int)response.StatusCode}");
        }
    }

    /// <summary>Every route but the static files (each an anonymous read, checked as a class above).</summary>
    private List<Route> Routes() =>
        [.. Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, "/" + e.RoutePattern.RawText!.Trim('/'), Declared(e), e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)))
            .DistinctBy(r => r.Name)];

    /// <summary>The least role the endpoint's policies ask for, <see cref="Anonymous"/>, or null when it declares nothing of ours.</summary>
    private static string? Declared(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }

        // A group's policy and the endpoint's own both apply: the strictest decides.
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null && Roles.Contains(p)).ToList();
        return policies.Count == 0 ? null : policies.MaxBy(p => Array.IndexOf(Roles, p));
    }

    private sealed record Route(string Method, string Path, string? Declared, bool IsPage)
    {
        public string Name => $"{Method} {Path}";

        /// <summary>The path with made-up values for its parameters: an id no run has, a name no key has.</summary>
        public string Concrete => Parameter().Replace(Path, m => m.Value.Contains("name", StringComparison.Ordinal) ? "nobody" : "0000");
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
