using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiubeiSim.Host.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// The OpenAPI document lists every route the host maps, each described, and the reference page works offline.
/// Routes come from the app's own <see cref="EndpointDataSource"/>, so a route added without OpenAPI fails here.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class OpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The routes that serve the document and its reference page: documenting them in themselves says nothing.</summary>
    private static bool ServesTheDocumentation(string path) =>
        path == OpenApiExtensions.DocumentPath || path == OpenApiExtensions.ReferencePath || path.StartsWith(OpenApiExtensions.ReferencePath + "/", StringComparison.Ordinal);

    [Fact]
    public async Task Every_route_the_host_maps_is_in_the_openapi_document_with_a_summary_a_description_a_tag_and_its_responses()
    {
        var routes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m.ToLowerInvariant(), Path: "/" + e.RoutePattern.RawText!.Trim('/'))))
            .Distinct()
            .ToList();
        Assert.Contains(routes, r => r == ("post", "/api/runs"));
        Assert.Contains(routes, r => r == ("get", "/metrics"));

        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var checkedRoutes = 0;
        // The workbench's pages, files and circuit are for browsers, not part of the API the document describes.
        foreach (var (method, path) in routes.Where(r => !ServesTheDocumentation(r.Path) && LiubeiSim.Host.Identity.WorkbenchKeyCookie.IsApi(r.Path)))
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{method.ToUpperInvariant()} {path} is mapped but not in the OpenAPI document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is mapped but the document has only {string.Join(", ", item.EnumerateObject().Select(p => p.Name))}");
            foreach (var field in new[] { "summary", "description" })
            {
                Assert.True(operation.TryGetProperty(field, out var text) && !string.IsNullOrWhiteSpace(text.GetString()), $"{method.ToUpperInvariant()} {path} has no {field}");
            }

            Assert.True(operation.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{method.ToUpperInvariant()} {path} has no tag");
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            Assert.True(responses.Any(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _)), $"{method.ToUpperInvariant()} {path} declares no successful response with a body");
            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.True(responses.Any(r => r.Name == "404" && r.Value.GetProperty("content").TryGetProperty("application/problem+json", out _)), $"{method.ToUpperInvariant()} {path} declares no 404 problem");
            }

            if (method == "post")
            {
                Assert.True(operation.TryGetProperty("requestBody", out _), $"POST {path} declares no request body");
                Assert.True(responses.Any(r => r.Name == "400"), $"POST {path} declares no 400");
                Assert.True(responses.Any(r => r.Name == "415"), $"POST {path} declares no 415");
            }

            Assert.True(!path.StartsWith("/api/", StringComparison.Ordinal) || responses.Any(r => r.Name == "429"), $"{method.ToUpperInvariant()} {path} declares no 429");
            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 27, $"only {checkedRoutes} routes checked");
    }

    [Fact]
    public async Task The_request_bodies_are_described_field_by_field()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        Assert.Equal(
            ["scenario", "set", "replications", "seed", "shards"],
            schemas.GetProperty("RunRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["scenario", "set", "a", "setA", "b", "setB", "replications", "seed", "paired"],
            schemas.GetProperty("CompareRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.True(schemas.GetProperty("SweepRequest").GetProperty("properties").TryGetProperty("spec", out _));
        Assert.True(schemas.GetProperty("SweepStatusView").GetProperty("properties").TryGetProperty("pointsDone", out _));
        Assert.True(schemas.GetProperty("InvalidRequestProblem").GetProperty("properties").TryGetProperty("problems", out _));
        Assert.True(schemas.GetProperty("FanChartView").GetProperty("properties").TryGetProperty("months", out _));
    }

    [Fact]
    public async Task The_reference_page_loads_every_script_from_this_host_and_asks_for_no_web_fonts_or_telemetry()
    {
        using var page = await Host.Http.GetAsync(OpenApiExtensions.ReferencePath + "/", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Cancel);

        // No absolute address at all: everything the page loads is relative to this host.
        Assert.DoesNotMatch("https?://", html);
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var response = await Host.Http.GetAsync($"{OpenApiExtensions.ReferencePath}/{script}", Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{script}: {(int)response.StatusCode}");
            Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.True((await response.Content.ReadAsByteArrayAsync(Cancel)).Length > 1000, $"{script} is nearly empty");
        }

        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await Host.Http.GetAsync(OpenApiExtensions.DocumentPath, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.Clone();
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSources();
}
