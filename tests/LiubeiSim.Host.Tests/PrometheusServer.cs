using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// A real Prometheus on a free loopback port, scraping one host every second and evaluating deploy/'s alert rules,
/// with its data in a temporary directory. Disposing kills it and removes the directory, whatever the test did.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(1);

    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _lastLines = new();

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public static async Task<PrometheusServer> StartAsync(string binary, Uri target)
    {
        var directory = Directory.CreateTempSubdirectory("liubeisim-prometheus-").FullName;
        var port = FreePorts.Take(1)[0];
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {RepositoryFiles.Deploy("prometheus", "alerts.yml")}
            scrape_configs:
              - job_name: liubeisim
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """, TestContext.Current.CancellationToken);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");

        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));

        // Drained so a chatty Prometheus never blocks on a full pipe; the last lines explain a failed start.
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An instant query through <c>/api/v1/query</c>: the raw JSON answer.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        var url = $"/api/v1/query?query={Uri.EscapeDataString(promql)}";
        var json = await Http.GetStringAsync(url, TestContext.Current.CancellationToken);
        var answer = JsonDocument.Parse(json).RootElement;
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer;
    }

    /// <summary>The single value of a query that returns one sample, or null while it returns none.</summary>
    public async Task<double?> ScalarAsync(string promql)
    {
        var result = (await QueryAsync(promql)).GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="promql"/> until its value satisfies <paramref name="condition"/>, within <paramref name="limit"/>.</summary>
    public async Task<double> WaitForAsync(string promql, Func<double, bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await ScalarAsync(promql) is { } value && condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Prometheus: `{promql}` never met the condition within {limit}; last answer {(await QueryAsync(promql)).GetRawText()}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }
    }

    private string LastLines
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless; a leftover process is not, and it is gone by now.
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 20)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            Assert.False(_process.HasExited, $"prometheus exited while starting:\n{LastLines}");
            try
            {
                using var response = await Http.GetAsync("/-/ready", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"prometheus was not ready within {StartLimit}:\n{LastLines}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }
    }
}
