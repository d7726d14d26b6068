using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LiubeiSim.Chaos;

/// <summary>
/// One `liubeisim serve` process of the chaos cluster: its ports, its HTTP address (read back from the line the
/// command prints once it serves), and every line it wrote, time-stamped, so a trial can tell which silo holds a run
/// and when the survivors noticed a death.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<(DateTime At, string Line)> _lines = new();
    private Process? _process;

    public SiloProcess(int index, int siloPort, int gatewayPort, string[] baseArguments)
    {
        Index = index;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseArguments = baseArguments;
    }

    public int Index { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public string[] BaseArguments { get; }

    public Uri? Address { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => _process?.Id;

    public IEnumerable<(DateTime At, string Line)> Lines => _lines;

    /// <summary>Starts the process and waits until it serves; a start that fails says why, with the process's last lines.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "liubeisim.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in BaseArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.ArgumentList.Add("--silo-port");
        start.ArgumentList.Add(SiloPort.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--gateway-port");
        start.ArgumentList.Add(GatewayPort.ToString(CultureInfo.InvariantCulture));

        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Note(e.Data, serving);
        process.ErrorDataReceived += (_, e) => Note(e.Data, serving);
        process.Exited += (_, _) => serving.TrySetException(new InvalidOperationException($"silo {Index} exited while starting: {Tail()}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"silo {Index}: `dotnet liubeisim.dll serve` did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Address = await serving.Task.WaitAsync(StartLimit, cancellationToken);
    }

    /// <summary>kill -9: the process dies at once, as a machine that loses power; no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a pod, then waits for the silo to drain and leave.</summary>
    public async Task TerminateAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw new InvalidOperationException($"silo {Index} did not stop within {limit.TotalSeconds:0} s of SIGTERM: {Tail()}");
        }
    }

    /// <summary>When this silo wrote a line matching <paramref name="pattern"/> at or after <paramref name="since"/>, if it did.</summary>
    public DateTime? FirstLine(Regex pattern, DateTime since) =>
        _lines.Where(l => l.At >= since && pattern.IsMatch(l.Line)).Select(l => (DateTime?)l.At).FirstOrDefault();

    /// <summary>When this silo last wrote a line matching <paramref name="pattern"/>, if it did.</summary>
    public DateTime? LastLine(Regex pattern) =>
        _lines.Where(l => pattern.IsMatch(l.Line)).Select(l => (DateTime?)l.At).LastOrDefault();

    public string Tail(int count = 15) => string.Join(Environment.NewLine, _lines.TakeLast(count).Select(l => l.Line));

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.CompletedTask;
    }

    private void Note(string? line, TaskCompletionSource<Uri> serving)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue((DateTime.UtcNow, line));
        if (ServingLine().Match(line) is { Success: true } match)
        {
            serving.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"LiubeiSim is serving on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex ServingLine();
}
