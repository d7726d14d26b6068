using System.Net;
using System.Net.Http.Headers;
using LiubeiSim.Cli.Tests.Runs;
using LiubeiSim.Cli.Tests.Scenarios;
using LiubeiSim.Grains.Keys;
using LiubeiSim.Grains.Storage;

namespace LiubeiSim.Cli.Tests.Keys;

/// <summary><c>liubeisim keys</c> on a data directory of its own, end to end.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("liubeisim-keys-data-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Help_teaches_with_examples_and_names_the_roles_and_both_places_keys_live()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("keys", "--help");
        Assert.Equal(0, exit);
        foreach (var text in new[] { "liubeisim keys create --name alice --role planner", "--cluster gateway://127.0.0.1:30000", "Authorization: Bearer", "create", "list", "revoke", "generate" })
        {
            Assert.Contains(text, stdout, StringComparison.Ordinal);
        }

        (exit, stdout, _) = await CliRun.RunAsync("keys", "create", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("viewer|planner|admin", stdout, StringComparison.Ordinal);
        Assert.Contains("--data", stdout, StringComparison.Ordinal);
        Assert.Contains("not be shown again", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_prints_the_key_once_list_shows_it_without_the_key_and_revoke_marks_it_revoked()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("keys", "create", "--name", "alice", "--role", "planner", "--data", _data);
        Assert.True(exit == 0, stderr);
        var key = stdout.Trim();
        Assert.Single(stdout.TrimEnd().Split('\n'));
        Assert.StartsWith(ApiKeyText.Prefix, key, StringComparison.Ordinal);
        Assert.Contains("will not be shown again", stderr, StringComparison.Ordinal);

        (exit, stdout, stderr) = await CliRun.RunAsync("keys", "list", "--data", _data);
        Assert.True(exit == 0, stderr);
        var row = stdout.Split('\n').Single(l => l.StartsWith("alice", StringComparison.Ordinal));
        Assert.Contains("planner", row, StringComparison.Ordinal);
        Assert.EndsWith("-", row.TrimEnd());
        Assert.DoesNotContain(key[ApiKeyText.Prefix.Length..], stdout + stderr, StringComparison.Ordinal);
        Assert.All(stdout.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, $"wider than 80 columns: {line}"));

        // Names are unique whatever the case, and stay taken.
        (exit, _, stderr) = await CliRun.RunAsync("keys", "create", "--name", "ALICE", "--role", "viewer", "--data", _data);
        Assert.Equal(1, exit);
        Assert.Contains("exists already", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await CliRun.RunAsync("keys", "revoke", "alice", "--data", _data);
        Assert.True(exit == 0, stderr);
        (exit, stdout, _) = await CliRun.RunAsync("keys", "list", "--data", _data);
        Assert.Equal(0, exit);
        row = stdout.Split('\n').Single(l => l.StartsWith("alice", StringComparison.Ordinal));
        Assert.Matches(@"planner\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d", row);

        (exit, _, stderr) = await CliRun.RunAsync("keys", "revoke", "alice", "--data", _data);
        Assert.Equal(1, exit);
        Assert.Contains("revoked before", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = await CliRun.RunAsync("keys", "revoke", "nobody", "--data", _data);
        Assert.Equal(1, exit);
        Assert.Contains("no key named 'nobody'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_holds_the_keys_hash_and_never_the_key()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("keys", "create", "--name", "ops", "--role", "admin", "--data", _data);
        Assert.True(exit == 0, stderr);
        var key = stdout.Trim();

        // The silo has stopped, so the write-ahead log is folded into the database file.
        var stored = Directory.GetFiles(_data, SqliteGrainStorage.DatabaseFileName + "*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.True(stored.AsSpan().IndexOf(ApiKeyText.Hash(key)) >= 0, "the key's SHA-256 is not in the store: the test reads the wrong files");
        Assert.True(stored.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(key[ApiKeyText.Prefix.Length..])) < 0, "the key is stored in clear");
    }

    [Fact]
    public async Task A_data_directory_a_running_serve_holds_is_one_line_saying_to_use_its_gateway()
    {
        using var held = DataDirectory.Lock(_data);
        var (exit, stdout, stderr) = await CliRun.RunAsync("keys", "list", "--data", _data);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains("is in use by another LiubeiSim process", stderr, StringComparison.Ordinal);
        Assert.Contains("--cluster gateway://127.0.0.1:30000", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name", "../etc", "--role", "viewer")]
    [InlineData("--name", "local", "--role", "admin")]
    [InlineData("--name", "ok", "--role", "root")]
    [InlineData("--name", "ok", "--role", "viewer", "--cluster", "gateway://127.0.0.1:1")]
    public async Task Wrong_options_are_refused_before_anything_is_opened(params string[] options)
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync(["keys", "create", .. options, "--data", _data]);
        Assert.NotEqual(0, exit);
        Assert.Empty(stdout);
        Assert.Contains("liubeisim keys create --help", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, SqliteGrainStorage.DatabaseFileName)), "the data directory was opened");
    }

    [Fact]
    public async Task Generate_prints_a_fresh_key_each_time_and_stores_nothing()
    {
        var (exit, first, _) = await CliRun.RunAsync("keys", "generate");
        Assert.Equal(0, exit);
        var (_, second, _) = await CliRun.RunAsync("keys", "generate");
        Assert.StartsWith(ApiKeyText.Prefix, first, StringComparison.Ordinal);
        Assert.Null(ApiKeyText.Problem(first.Trim()));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Serve_beyond_loopback_with_no_keys_refuses_in_one_line_saying_how_to_create_one()
    {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: even a serve that did not refuse could not listen there.
        var (exit, stdout, stderr) = await CliRun.RunAsync(
            "serve", "--urls", "http://192.0.2.1:0", "--data", _data, $"--Orleans:ClusterId=cli-keys-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=None", "--Logging:LogLevel:Orleans=None");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);

        // Another test's serve may hold the default silo and gateway ports at the time: serve then says, a line each,
        // that it moved them (CI saw both). Those aside, the refusal is one line.
        var lines = stderr.TrimEnd().Split('\n');
        var line = Assert.Single(lines, l => !l.Contains(" port ", StringComparison.Ordinal) || !l.Contains(" is in use; using ", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l != line), l => Assert.Matches(@"^liubeisim serve: (silo|gateway) port \d+ is in use; using \d+ instead", l));
        Assert.StartsWith("liubeisim serve: no API keys", line, StringComparison.Ordinal);
        Assert.Contains($"liubeisim keys create --name NAME --role admin --data {_data}", line, StringComparison.Ordinal);
    }
}

/// <summary><c>liubeisim keys</c> through a running serve's gateway: the serve started open, and a key created while it runs closes it.</summary>
public sealed class KeysThroughClusterTests(ServedCluster cluster) : IClassFixture<ServedCluster>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_created_through_the_gateway_of_an_open_serve_makes_keys_required_from_then_on()
    {
        Assert.Contains("liubeisim serve: no API keys: anyone who can reach http://127.0.0.1:", cluster.Stderr, StringComparison.Ordinal);
        Assert.Contains($"--cluster gateway://127.0.0.1:{cluster.GatewayPort}", cluster.Stderr, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = cluster.Http, Timeout = TimeSpan.FromSeconds(30) };
        using (var open = await http.GetAsync("/api/runs", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        var (exit, stdout, stderr) = await CliRun.RunAsync(["keys", "create", "--name", "ops", "--role", "admin", .. cluster.Options]);
        Assert.True(exit == 0, stderr);
        var key = stdout.Trim();

        // Bounded well beyond the host's few seconds of caching; not a claim about speed.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        do
        {
            using var response = await http.GetAsync("/api/runs", Cancel);
            status = response.StatusCode;
            if (status != HttpStatusCode.Unauthorized)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel);
            }
        }
        while (status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var keys = await http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);

        (exit, stdout, stderr) = await CliRun.RunAsync(["keys", "list", .. cluster.Options]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("ops", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stdout, StringComparison.Ordinal);
    }
}
