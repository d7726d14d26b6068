using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using LiubeiSim.Host.Hosting;
using LiubeiSim.Model.Engine;
using LiubeiSim.Model.Output;
using LiubeiSim.Model.Scenarios;
using LiubeiSim.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// Ten thousand hostile bodies (valid requests mutated byte by byte, hostile values spliced in, scenario and spec YAML
/// edited, hostile Content-Types, some sent chunked) against the run, compare, sweep and validate endpoints. None may
/// answer 500 or show a stack trace, source path, type name or silo address; afterwards the host is healthy and a run
/// is still bit for bit the in-process engine's.
/// </summary>
/// <remarks>
/// Bodies shaped like runs go to <c>/api/scenarios/validate</c> (the same reader, starting nothing); only those that are
/// not JSON go to <c>/api/runs</c> itself, so no mutation that happens to be valid starts a simulation of any size.
/// Comparisons and sweeps go to their own endpoints on a host whose budgets for them are tiny, so a valid one costs
/// milliseconds. CsCheck prints the seed of a failing sample; <c>CsCheck_Seed</c> replays it.
/// </remarks>
[Collection(HostCollection.Name)]
public sealed partial class HostileBodyFuzzTests(ITestOutputHelper output)
{
    private const int Inputs = 10_000;

    /// <summary>No problem list, capped at 50 entries of clipped echoes, comes near this.</summary>
    private const int MaxAnswerBytes = 256 * 1024;

    private static readonly string[] JsonTypes = ["application/json", "application/json; charset=utf-8", "application/problem+json"];

    private static readonly string?[] OtherTypes =
    [
        null, "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=--x",
        "application/yaml", "application/json; charset=utf-16", "application/json; charset=latin1", "application/jsonx", "json", "*/*",
        "application/json;;;", "text/html", "application/json, text/plain",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_hostile_bodies_get_no_500_and_no_internals_and_leave_the_host_healthy_and_exact()
    {
        var watch = Stopwatch.StartNew();
        await using var host = await RunningHost.StartAsync(
            "--RateLimits:Enabled=false",
            "--Compare:MaxReplicationMonths=2400",
            "--Compare:MaxConcurrent=4",
            "--Sweeps:MaxReplicationMonths=2400",
            "--Sweeps:MaxPoints=10",
            "--Sweeps:MaxQueued=2",
            "--Runs:MaxQueued=2");
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
        var tally = new Tally();

        await Requests().SampleAsync(
            async request =>
            {
                var failure = await SendAsync(http, request, tally);
                Assert.True(failure is null, failure);
            },
            writeLine: output.WriteLine,
            iter: Inputs,
            threads: 4,
            print: request => $"{request.Path} [{request.ContentType ?? "no Content-Type"}{(request.Chunked ? ", chunked" : string.Empty)}] {Show(request.Body)}");

        using (var live = await http.GetAsync("/healthz", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        // Still exact: a run after the storm is the reference engine's, byte for byte.
        var id = await host.SubmitAsync(new { scenario = "baseline-2023", replications = 200, seed = 11 });
        Assert.Equal("completed", (await host.WaitForOutcomeAsync(id)).GetProperty("status").GetString());
        var expected = RunReport.IndicatorsCsv(InProcessEngine.Run(ScenarioLibrary.Load("baseline-2023").WithReplications(200).WithSeed(11), cancellationToken: Cancel));
        Assert.Equal(expected, await host.GetOkAsync($"/api/runs/{id}/indicators.csv"));

        var summary = $"HTTP fuzz: {tally.Inputs:N0} hostile bodies tried, {tally.ServerErrors} answered 500, {tally.RunsStarted} runs started; "
            + $"by status {string.Join(", ", tally.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"))}; "
            + $"by endpoint {string.Join(", ", tally.Paths.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"))}; {watch.Elapsed.TotalSeconds:0.0} s";
        output.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(tally.Inputs >= Inputs, summary);
        Assert.Equal(0, tally.ServerErrors);
        Assert.True(tally.RunsStarted == 0, $"runs started by bodies meant to be refused: {string.Join(" | ", tally.Started)}");
    }

    /// <summary>A request: where it goes, its Content-Type, its body, and whether it is sent chunked.</summary>
    private sealed record Request(string Path, string? ContentType, byte[] Body, bool Chunked);

    private static Gen<Request> Requests()
    {
        var yaml = ScenarioLibrary.Names.Select(n => ScenarioLibrary.TryGetText(n, out var text) ? text : throw new InvalidOperationException(n)).ToArray();
        var specs = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "examples", "sweeps"), "*.yaml").Select(File.ReadAllText).ToArray();
        string[] runs =
        [
            """{"scenario":"baseline-2023","replications":200,"seed":7}""",
            """{"scenario":"sgmw-125-boost","set":["levers.sgmw_demand_growth=20","assumptions.chain.auto_parts_machinery.jobs_per_output=55","horizon.months=6"],"replications":100,"shards":2}""",
            """{"scenario":{"name":"json-inline","base":2022,"horizon":{"start":"2023-01","months":3},"replications":40,"seed":11,"synthetic_firms":10,"levers":{"sgmw_demand_growth":20,"project_delay_months":3},"shocks":[{"name":"s","target":"auto_parts_machinery","variable":"demand","from":"2023-02","months":2,"change":10}],"targets":[{"name":"t","indicator":"industrial_output","direction":"at-least","threshold":5,"measure":"growth"}],"assumptions":{"chain.auto_parts_machinery.jobs_per_output":55}}}""",
            "{\"scenario\":" + HostileInputs.JsonString(yaml[^1]) + ",\"seed\":3}",
        ];
        string[] comparisons =
        [
            """{"scenario":"sgmw-125-boost","set":["replications=20","horizon.months=3"]}""",
            """{"a":"baseline-2023","setA":["replications=20","horizon.months=2"],"b":"investment-slump","setB":["horizon.months=2"],"paired":true}""",
        ];
        string[] sweeps =
        [
            """{"spec":{"base":"baseline-2023","replications":20,"seed":5,"factors":{"levers.sgmw_demand_growth":[0,10]},"outputs":["gdp"]}}""",
            """{"spec":{"base":"sgmw-125-boost","replications":10,"design":"lhs","samples":3,"factors":{"levers.sgmw_demand_growth":{"min":0,"max":30}}},"set":["horizon.months=3"]}""",
        ];

        var run = Bodies(runs, HostileInputs.YamlInJson(yaml, "scenario", ",\"replications\":20"));
        var compare = Bodies(comparisons, HostileInputs.YamlInJson(yaml, "scenario", ",\"set\":[\"replications=20\",\"horizon.months=3\"]"));
        var sweep = Bodies(sweeps, HostileInputs.YamlInJson(specs, "spec", string.Empty));
        var contentType = Gen.Frequency(
            (17, Gen.Int[0, JsonTypes.Length - 1].Select(i => (string?)JsonTypes[i])),
            (3, Gen.Int[0, OtherTypes.Length - 1].Select(i => OtherTypes[i])));
        var body = Gen.Frequency(
            (10, run.Select(b => (Kind: "run", Body: b))),
            (4, compare.Select(b => (Kind: "compare", Body: b))),
            (3, sweep.Select(b => (Kind: "sweep", Body: b))));
        return Gen.Select(body, contentType, Gen.Int[0, 4], (b, type, chunked) => new Request(Route(b.Kind, b.Body, type), type, b.Body, chunked == 0));
    }

    private static Gen<byte[]> Bodies(string[] seeds, Gen<byte[]> yamlInJson) => Gen.Frequency(
        (4, HostileInputs.Mutated([.. seeds.Select(s => System.Text.Encoding.UTF8.GetBytes(s))])),
        (4, HostileInputs.Spliced(seeds)),
        (3, yamlInJson));

    /// <summary>
    /// Runs to the validate endpoint unless the host will refuse them before reading a field (not sent as JSON, or not
    /// JSON): those go to <c>/api/runs</c> itself.
    /// </summary>
    private static string Route(string kind, byte[] body, string? contentType) => kind switch
    {
        "compare" => "/api/compare",
        "sweep" => "/api/sweeps",
        _ => contentType is null || !JsonTypes.Contains(contentType) || !IsJson(body) ? "/api/runs" : "/api/scenarios/validate",
    };

    private static bool IsJson(byte[] body)
    {
        try
        {
            // As the host reads it: JsonDocument.ParseAsync skips a UTF-8 byte order mark, Parse over bytes does not.
            var json = body.AsMemory();
            if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                json = json[3..];
            }

            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return Readable(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Readable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() is not null,
        JsonValueKind.Array => element.EnumerateArray().All(Readable),
        JsonValueKind.Object => element.EnumerateObject().All(p => p.Name is not null && Readable(p.Value)),
        _ => true,
    };

    /// <summary>Sends the request and checks the answer; null when it holds, otherwise what is wrong.</summary>
    private static async Task<string?> SendAsync(HttpClient http, Request request, Tally tally)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Path);
        HttpContent content = request.Chunked ? new StreamContent(new UnknownLengthStream(request.Body)) : new ByteArrayContent(request.Body);
        if (request.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        message.Content = content;
        using var response = await http.SendAsync(message, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        var status = (int)response.StatusCode;
        tally.Count(request.Path, status);
        if (status == StatusCodes.Status202Accepted && request.Path == "/api/runs")
        {
            // Not meant to happen (only non-JSON goes there): counted, and cancelled so it costs nothing.
            Interlocked.Increment(ref tally.RunsStarted);
            tally.Started.Add(Show(request.Body));
            using var cancel = await http.DeleteAsync(response.Headers.Location, Cancel);
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        if (status >= 500 && status != StatusCodes.Status503ServiceUnavailable)
        {
            Interlocked.Increment(ref tally.ServerErrors);
            return $"{status}: {text}";
        }

        if (request.ContentType is null || !JsonTypes.Contains(request.ContentType))
        {
            return status == StatusCodes.Status415UnsupportedMediaType ? Internals(text) : $"not JSON yet {status}: {text}";
        }

        if (bytes.Length > MaxAnswerBytes)
        {
            return $"an answer of {bytes.Length:N0} bytes";
        }

        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{status} as {response.Content.Headers.ContentType}: {text}";
            }

            var problem = JsonDocument.Parse(bytes).RootElement;
            if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status || !problem.TryGetProperty(CorrelationId.ProblemField, out _))
            {
                return $"a problem without its status or correlation id: {text}";
            }
        }

        return Internals(text);
    }

    /// <summary>What an answer must never show: a stack frame, a source path, a .NET type, a silo address, a grain key.</summary>
    private static string? Internals(string text) => InternalsPattern().Match(text) is { Success: true } m ? $"internals ('{m.Value}') in: {text[..Math.Min(text.Length, 2000)]}" : null;

    [GeneratedRegex(@"\bat [\w.`<>]+\(|\.cs:line \d+|\b\w+Exception\b|\bS?\d{1,3}(\.\d{1,3}){3}:\d+:\d+\b|scenariorun/|/work/|/home/|/root/")]
    private static partial Regex InternalsPattern();

    private static string Show(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        return text.Length <= 600 ? text : $"{text[..600]}... ({body.Length:N0} bytes)";
    }

    /// <summary>Counts of what was sent and answered, shared by the fuzzer's threads.</summary>
    private sealed class Tally
    {
        public int ServerErrors;
        public int RunsStarted;
        private int _inputs;

        public int Inputs => _inputs;

        public ConcurrentBag<string> Started { get; } = [];

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public ConcurrentDictionary<string, int> Paths { get; } = new();

        public void Count(string path, int status)
        {
            Interlocked.Increment(ref _inputs);
            Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            Paths.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
    }

    /// <summary>A body stream that will not say its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
