using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using LiubeiSim.Grains.Hosting;

namespace LiubeiSim.Host.Tests;

/// <summary>
/// The host in a process of its own (<c>dotnet LiubeiSim.Host.dll</c>, copied beside the tests), as a container runs it:
/// settings from the environment only (unlike <see cref="HostProcess"/>, which sets its logging on the command line),
/// HTTP on a port the OS picks, read back from the host's log, silo and gateway on free loopback ports, every line it
/// writes kept, and stopped by a signal. For what only a whole process shows: how long SIGTERM takes, what reaches its
/// output, and a host that never starts listening.
/// </summary>
public sealed partial class ContainerHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _dataDirectory;

        private ContainerHostProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The HTTP address once the host has said it listens; null before (and for ever for a host that fails to start).</summary>
    private HttpClient? Http { get; set; }

    /// <summary>Everything the process wrote on stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts the host with <paramref name="environment"/> as its environment variables (Section__Key, as in a container).</summary>
    public static ContainerHostProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var ports = FreePorts.Take(2);
        var data = Directory.CreateTempSubdirectory("liubeisim-host-process-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LiubeiSim.Host.dll"));
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        // "Now listening on" is how the port the OS picked is read back.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Orleans__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__ClusterId"] = $"host-process-{Guid.NewGuid():N}";
        start.Environment["Orleans__Data"] = data;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new ContainerHostProcess(process, data);
        process.OutputDataReceived += (_, e) => host.Note(e.Data);
        process.ErrorDataReceived += (_, e) => host.Note(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("`dotnet LiubeiSim.Host.dll` did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="expected"/>; returns that answer's body.</summary>
    public async Task<string> WaitForAsync(string path, HttpStatusCode expected, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? StartLimit);
        var last = "no answer";
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the host exited ({_process.ExitCode}) while waiting for {path}:\n{Tail()}");
            }

            try
            {
                var http = Http ?? throw new HttpRequestException("not listening yet");
                using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (response.StatusCode == expected)
                {
                    return body;
                }

                last = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException e)
            {
                // Not listening yet.
                last = e.Message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not answer {(int)expected} in time; last: {last}\n{Tail()}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Polls <paramref name="path"/> for <paramref name="during"/>, or until the process exits, failing if it ever answers
    /// <paramref name="status"/>. With <paramref name="until"/>, goes on past <paramref name="during"/> until it holds, up
    /// to <paramref name="limit"/>: a slow start on a loaded machine has not yet said why it is not ready.
    /// </summary>
    public async Task AssertNeverAnswersAsync(string path, HttpStatusCode status, TimeSpan during, Func<string, bool>? until = null, TimeSpan? limit = null)
    {
        var started = DateTime.UtcNow;
        var deadline = started + (until is null ? during : limit ?? StartLimit);
        while (DateTime.UtcNow < deadline && !_process.HasExited && !(DateTime.UtcNow - started >= during && until?.Invoke(Output) == true))
        {
            try
            {
                var http = Http ?? throw new HttpRequestException("not listening yet");
                using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode != status, $"{path} answered {(int)status}: {body}\n{Tail()}");
            }
            catch (HttpRequestException)
            {
                // Not listening (yet, or any more): not the answer looked for.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        if (_process.HasExited)
        {
            // Its last lines may still be on their way: waiting for the exit waits for the output streams to close.
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Sends SIGTERM, as Kubernetes and Docker stop a container, and waits up to <paramref name="limit"/> for the process
    /// to exit by itself; returns how long it took and its exit code. Past the limit it is killed and the test fails.
    /// </summary>
    public async Task<(TimeSpan Elapsed, int ExitCode)> TerminateAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(term.ExitCode == 0, $"kill -TERM {_process.Id} exited {term.ExitCode}");
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        wait.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the host did not exit within {limit.TotalSeconds:0} s of SIGTERM:\n{Tail()}");
        }

        return (clock.Elapsed, _process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
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
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private string Tail(int count = 40) => string.Join('\n', _lines.TakeLast(count));

    private void Note(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (Http is null && ListeningOn().Match(line) is { Success: true } listening)
        {
            Http = new HttpClient { BaseAddress = new Uri(listening.Groups[1].Value), Timeout = TimeSpan.FromSeconds(30) };
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningOn();
}
