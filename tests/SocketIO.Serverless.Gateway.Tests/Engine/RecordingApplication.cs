using System.Collections.Concurrent;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

/// <summary>
/// An application that records every call in order (and checks they never overlap for one session), and lets a
/// test act on the connections it saw.
/// </summary>
internal sealed class RecordingApplication : IEngineApplication
{
    private readonly ConcurrentDictionary<string, int> _inside = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _closed = new();
    private readonly TaskCompletionSource<IEngineConnection> _firstOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<IEngineConnection, EngineMessage>? OnMessageAction { get; set; }

    public Action<IEngineConnection>? OnOpenAction { get; set; }

    public IReadOnlyList<string> Events => [.. _events];

    public bool Overlapped { get; private set; }

    public Task<IEngineConnection> FirstOpen => _firstOpen.Task;

    public void OnOpen(IEngineConnection connection)
    {
        using var _ = Enter(connection);
        _events.Enqueue($"open {connection.Id}");
        _closed.TryAdd(connection.Id, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        OnOpenAction?.Invoke(connection);
        _firstOpen.TrySetResult(connection);
    }

    public void OnMessage(IEngineConnection connection, EngineMessage message)
    {
        using var _ = Enter(connection);
        _events.Enqueue($"message {connection.Id} {(message.IsBinary ? Convert.ToHexString(message.Binary.Span) : message.Text)}");
        OnMessageAction?.Invoke(connection, message);
    }

    public void OnClose(IEngineConnection connection, string reason)
    {
        using var _ = Enter(connection);
        _events.Enqueue($"close {connection.Id} {reason}");
        _closed.GetOrAdd(connection.Id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(reason);
    }

    /// <summary>The reason the session closed with, once it has.</summary>
    public Task<string> ClosedAsync(string sid) =>
        _closed.GetOrAdd(sid, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(EngineTestHost.Patience);

    private Exit Enter(IEngineConnection connection)
    {
        if (_inside.AddOrUpdate(connection.Id, 1, (_, n) => n + 1) > 1)
        {
            Overlapped = true;
        }

        return new Exit(this, connection.Id);
    }

    private readonly struct Exit(RecordingApplication owner, string sid) : IDisposable
    {
        public void Dispose() => owner._inside.AddOrUpdate(sid, 0, (_, n) => n - 1);
    }
}
