using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LiubeiSim.Host.Tests;

/// <summary>Keeps every log line a host writes (message and exception) so a test can look for a correlation id in them.</summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>Lines kept at most: a host under a fuzzer logs a lot, and a test needs only recent ones.</summary>
    private const int MaxLines = 20_000;

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : "\n" + exception)}");
            }
        }
    }
}
