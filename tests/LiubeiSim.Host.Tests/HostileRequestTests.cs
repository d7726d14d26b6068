using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Host.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// What a hostile client gets: malformed bodies and wire framing answer 400 problems, bodies not sent as JSON 415, every
/// error of the application a problem document with a correlation id, and the web server's own refusals of request
/// lines and headers what docs/api.md says they are.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostileRequestTests(HostileRequestTests.Fixture fixture) : IClassFixture<HostileRequestTests.Fixture>
{
    public const string WorkbenchOrigin = "https://workbench.example.org";

    /// <summary>A route of the test's own that throws an exception whose message holds what must never reach a client.</summary>
    private const string ThrowingPath = "/test/throw";
    private const string Secret = "S10.0.0.7:11111:123456 scenariorun/0123 /work/src/Secret.cs:line 42";

    private static readonly string[] BodyPaths = ["/api/runs", "/api/compare", "/api/sweeps", "/api/scenarios/validate"];

    private RunningHost Host => fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, byte[]> UnreadableStrings()
    {
        var data = new TheoryData<string, byte[]>();
        foreach (var path in BodyPaths)
        {
            var field = path == "/api/sweeps" ? "spec" : "scenario";
            data.Add(path, Encoding.UTF8.GetBytes($"{{\"{field}\":\"\\ud800\"}}"));
            data.Add(path, [.. Encoding.UTF8.GetBytes($"{{\"{field}\":\""), 0xFF, .. "\"}"u8.ToArray()]);
            data.Add(path, Encoding.UTF8.GetBytes($"{{\"{field}\":\"baseline-2023\",\"\\udfff\":1}}"));
            data.Add(path, Encoding.UTF8.GetBytes($"{{\"{field}\":\"baseline-2023\",\"set\":[\"levers.sgmw_demand_growth=\\ud800\"]}}"));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnreadableStrings))]
    public async Task Lone_surrogates_and_invalid_utf8_are_400_problems_naming_where(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Host.Http.PostAsync(path, content, Cancel);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request body is not JSON.", problem.GetProperty("title").GetString());
        Assert.Contains("not valid UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/yaml")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/jsonp")]
    public async Task A_body_not_sent_as_json_is_a_415_problem_and_starts_nothing(string? contentType)
    {
        var before = await TotalRunsAsync();
        foreach (var path in BodyPaths)
        {
            using var content = new ByteArrayContent("""{"scenario": "baseline-2023", "replications": 10}"""u8.ToArray());
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await Host.Http.PostAsync(path, content, Cancel);
            var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
            Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await TotalRunsAsync());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/merge-patch+json")]
    public async Task Json_media_types_in_utf8_are_accepted(string contentType)
    {
        using var content = new ByteArrayContent("""{"scenario": "baseline-2023", "replications": 10}"""u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Host.Http.PostAsync("/api/scenarios/validate", content, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_repeated_key_is_a_400_problem()
    {
        using var response = await PostJsonAsync("/api/scenarios/validate", """{"scenario": "baseline-2023", "replications": 10, "replications": 20}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("replications", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The parser's message names the repeated key: a long one is clipped, not sent back whole.
        var key = new string('k', 100_000);
        using var longKey = await PostJsonAsync("/api/scenarios/validate", $"{{\"{key}\": 1, \"{key}\": 2}}");
        var text = await longKey.Content.ReadAsStringAsync(Cancel);
        Assert.True(text.Length < 2_000, $"{text.Length:N0} characters");
        await ProblemAsync(longKey, HttpStatusCode.BadRequest, text);
    }

    [Fact]
    public async Task Thousands_of_problems_are_answered_with_fifty_and_a_count_of_the_rest()
    {
        // The probe of issue 11: some 480 KB of unknown fields was answered with a 6.5 MB list.
        var body = "{" + string.Join(',', Enumerable.Range(0, 18_000).Select(i => $"\"unknown_field_{i:D6}\":1")) + "}";
        using var response = await PostJsonAsync("/api/runs", body);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(text.Length < 64 * 1024, $"{text.Length:N0} characters");
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, text);
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(InvalidRequest.MaxProblems + 1, problems.Count);
        Assert.Equal(InvalidRequest.MorePath, problems[^1].GetProperty("path").GetString());

        // 18,000 unknown fields and the missing scenario.
        Assert.Equal("and 17,951 more", problems[^1].GetProperty("message").GetString());
        Assert.StartsWith("18,001 problems: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_request_sent_is_echoed_clipped()
    {
        var name = new string('n', 100_000);
        var number = new string('9', 100_000);
        using var response = await PostJsonAsync("/api/scenarios/validate", $"{{\"scenario\": \"{new string('s', 100_000)}\", \"{name}\": 1, \"seed\": {number}}}");

        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(text.Length < 8 * 1024, $"{text.Length:N0} characters");
        var problems = (await ProblemAsync(response, HttpStatusCode.BadRequest, text)).GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.GetProperty("path").GetString() == $"{new string('n', RequestFields.MaxEcho)}... (100,000 characters)");
    }

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_large_bodies_are_problems_carrying_the_correlation_id()
    {
        using var route = await Host.Http.GetAsync("/api/nothing-here", Cancel);
        await ProblemAsync(route, HttpStatusCode.NotFound);
        using var method = await Host.Http.PutAsync("/api/runs", new StringContent("{}", Encoding.UTF8, "application/json"), Cancel);
        await ProblemAsync(method, HttpStatusCode.MethodNotAllowed);
        using var large = await PostJsonAsync("/api/runs", $"{{\"scenario\": \"{new string('a', (int)JsonBody.MaxBytes)}\"}}");
        await ProblemAsync(large, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_with_only_a_correlation_id_which_the_log_line_carries()
    {
        using var response = await Host.Http.GetAsync(ThrowingPath, Cancel);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError, text);
        Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.7", text, StringComparison.Ordinal);
        var id = problem.GetProperty("correlationId").GetString()!;
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(fixture.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal) && line.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n", "Bad chunk size data.")]
    [InlineData("2\r\n{}XX0\r\n\r\n", "Bad chunk suffix.")]
    [InlineData("fffffffffffffffffff\r\n{}\r\n0\r\n\r\n", "")]
    [InlineData("-2\r\n{}\r\n0\r\n\r\n", "Bad chunk size data.")]
    public async Task A_malformed_chunked_body_is_a_400_problem(string chunks, string detail)
    {
        var (status, headers, body) = await RawAsync($"POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}");

        Assert.Equal(400, status);
        Assert.Contains("Content-Type: application/problem+json", headers, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Kestrel refuses these before any application code runs and writes the status alone, with no hook to give it a
    /// body: docs/api.md lists them. Should a version of the framework start giving them bodies, this test says so.
    /// </summary>
    [Theory]
    [InlineData("request line over 8 KiB", 414)]
    [InlineData("headers over 32 KiB", 431)]
    [InlineData("over 100 headers", 431)]
    [InlineData("no request line", 400)]
    [InlineData("bad header line", 400)]
    [InlineData("two Content-Lengths", 400)]
    [InlineData("unknown Transfer-Encoding", 400)]
    [InlineData("HTTP/9.9", 505)]
    public async Task The_web_servers_own_refusals_have_a_status_and_no_body(string what, int expected)
    {
        const string start = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        var request = what switch
        {
            "request line over 8 KiB" => $"GET /api/runs?x={new string('a', 9 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "headers over 32 KiB" => $"{start}X-Big: {new string('a', 33 * 1024)}\r\n\r\n",
            "over 100 headers" => start + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: 1\r\n")) + "\r\n",
            "no request line" => "GARBAGE\r\n\r\n",
            "bad header line" => $"{start}NoColonHere\r\n\r\n",
            "two Content-Lengths" => "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "unknown Transfer-Encoding" => "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n{}",
            _ => "GET /healthz HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
        };

        var (status, headers, body) = await RawAsync(request);

        Assert.Equal(expected, status);
        Assert.Contains("Content-Length: 0", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(body);
        Assert.Equal("Healthy", await Host.Http.GetStringAsync("/healthz", Cancel));
    }

    [Fact]
    public async Task A_listed_origin_may_call_the_api_and_no_other()
    {
        using var allowed = await PreflightAsync(WorkbenchOrigin);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(WorkbenchOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("content-type", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        using var other = await PreflightAsync("https://elsewhere.example.org");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        read.Headers.Add("Origin", WorkbenchOrigin);
        using var answer = await Host.Http.SendAsync(read, Cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(WorkbenchOrigin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(CorrelationId.Header, string.Join(',', answer.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validate_endpoint_answers_the_scenario_as_it_would_run_and_starts_nothing()
    {
        var before = await TotalRunsAsync();
        using var response = await Host.Http.PostAsJsonAsync(
            "/api/scenarios/validate",
            new { scenario = "sgmw-125-boost", set = new[] { "horizon.months=24", "levers.sgmw_demand_growth=30" }, replications = 77, seed = 5 },
            Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(("sgmw-125-boost", 24, 77, 5UL), (answer.GetProperty("scenario").GetString(), answer.GetProperty("months").GetInt32(), answer.GetProperty("replications").GetInt32(), answer.GetProperty("seed").GetUInt64()));

        // The normalised scenario reads back as the same scenario.
        var resolved = Model.Scenarios.ScenarioParser.ParseText("resolved", answer.GetProperty("resolvedScenario").GetString()!);
        Assert.True(resolved.IsValid, string.Join("; ", resolved.Problems));
        Assert.Equal((24, 77, 5UL, 30.0), (resolved.Scenario!.Months, resolved.Scenario.Replications, resolved.Scenario.Seed, resolved.Scenario.Levers["sgmw_demand_growth"]));

        using var invalid = await Host.Http.PostAsJsonAsync("/api/scenarios/validate", new { scenario = "baseline-2023", set = new[] { "levers.sgmw_demand_growth=500" } }, Cancel);
        var problem = await ProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Equal("set[0]: levers.sgmw_demand_growth", problem.GetProperty("problems")[0].GetProperty("path").GetString());
        Assert.Equal(before, await TotalRunsAsync());
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/runs");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await Host.Http.SendAsync(preflight, Cancel);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await Host.Http.PostAsync(path, content, Cancel);
    }

    private async Task<int> TotalRunsAsync() =>
        (await Host.Http.GetFromJsonAsync<JsonElement>("/api/runs", Cancel)).GetProperty("total").GetInt32();

    /// <summary>Asserts a problem document of that status whose correlation id is the response's header, and returns it.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? text = null)
    {
        text ??= await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(response.Headers.GetValues(CorrelationId.Header).Single(), problem.GetProperty("correlationId").GetString());
        Assert.False(problem.TryGetProperty("traceId", out _));
        return problem;
    }

    /// <summary>Sends bytes as they are over a fresh connection and reads the answer until the server closes it or 10 s pass.</summary>
    private async Task<(int Status, string Headers, string Body)> RawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host.Address.Host, Host.Address.Port, Cancel);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Cancel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                if (Complete(received.ToArray()))
                {
                    break;
                }
            }
        }
        catch (IOException e)
        {
            // The server may reset a connection it refused once it has answered; what arrived before stands.
            Assert.True(received.Length > 0, $"no answer: {e.Message}");
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no complete answer: {text}");
        var headers = text[..split];
        var body = text[(split + 4)..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return (int.Parse(headers.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    /// <summary>True once a whole answer is in: headers and a Content-Length body, or a chunked body's last chunk.</summary>
    private static bool Complete(byte[] received)
    {
        var text = Encoding.UTF8.GetString(received);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return false;
        }

        var headers = text[..split];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && Encoding.UTF8.GetByteCount(text[(split + 4)..]) >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        for (var guard = 0; guard < 1000; guard++)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end], 16);
            if (size == 0)
            {
                break;
            }

            body.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }

        return body.ToString();
    }

    /// <summary>A host with a listed CORS origin, a route that throws, and its log kept.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private RunningHost? _host;

        public LogCapture Logs { get; } = new();

        public RunningHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

        public async ValueTask InitializeAsync() => _host = await RunningHost.StartAsync(
            builder => builder.Logging.AddProvider(Logs),
            app => app.MapGet(ThrowingPath, (Func<string>)(() => throw new InvalidOperationException(Secret))),
            $"--Cors:Origins:0={WorkbenchOrigin}",

            // This class sends a few hundred requests in seconds from one address; the limits have tests of their own.
            "--RateLimits:Enabled=false");

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}
