using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>Collects the host's log lines (its own and the worker's RpcLogs) so tests can wait for one or assert on errors.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Done)> _waiters = [];
    private readonly object _gate = new();

    public IEnumerable<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    /// <summary>Waits for a line containing <paramref name="text"/>, failing with the log if it does not come.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            _waiters.Add((l => l.Contains(text, StringComparison.Ordinal), done));
        }

        if (await Task.WhenAny(done.Task, Task.Delay(timeout)) != done.Task)
        {
            throw new TimeoutException($"No log line with '{text}' within {timeout}. Log:\n{string.Join('\n', _lines)}");
        }
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        List<TaskCompletionSource> matched = [];
        lock (_gate)
        {
            _lines.Enqueue(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        matched.ForEach(m => m.TrySetResult());
    }

    private sealed class CaptureLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception.Message)}");
            }
        }
    }
}
