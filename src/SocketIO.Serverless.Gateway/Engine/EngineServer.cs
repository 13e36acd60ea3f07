using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The registry of open sessions across every Engine.IO endpoint, and the graceful close of them all.</summary>
internal sealed class EngineServer(ILogger<EngineServer> logger) : IEngineServer
{
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private static readonly TimeSpan InFlightPollWindow = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _shuttingDown = new();
    private readonly ConcurrentDictionary<string, (EngineEndpoint Endpoint, ITimer Timer)> _closedByClient = new(StringComparer.Ordinal);

    public IReadOnlyCollection<IEngineConnection> Sessions => [.. _sessions.Values];

    public CancellationToken ShuttingDown => _shuttingDown.Token;

    internal ILogger Logger => logger;

    internal void Add(EngineSession session) => _sessions[session.Id] = session;

    internal void Remove(EngineSession session) => _sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session));

    /// <summary>The session with this id, if it is open and belongs to <paramref name="endpoint"/>.</summary>
    internal EngineSession? Find(string sid, EngineEndpoint endpoint) =>
        _sessions.TryGetValue(sid, out var session) && session.Endpoint == endpoint ? session : null;

    internal void BeginShutdown() => _shuttingDown.Cancel();

    /// <summary>
    /// A polling client closed its session (a <c>close</c> packet in a POST) while no GET was pending: a GET it sent
    /// just before the close may still be on its way on another connection. That one GET is answered <c>noop</c>
    /// (as it would have been had it arrived first) instead of "Session ID unknown", within a short window.
    /// </summary>
    internal void RememberClientClose(EngineSession session, TimeProvider time)
    {
        var key = session.Id;
        var timer = time.CreateTimer(
            static state =>
            {
                var (server, sid) = ((EngineServer, string))state!;
                server.ForgetClientClose(sid);
            },
            (this, key),
            InFlightPollWindow,
            Timeout.InfiniteTimeSpan);
        if (!_closedByClient.TryAdd(key, (session.Endpoint, timer)))
        {
            timer.Dispose();
        }
    }

    /// <summary>True (once) when a GET for this sid is the in-flight poll of a session its client just closed.</summary>
    internal bool TakeClientClose(string sid, EngineEndpoint endpoint)
    {
        if (_closedByClient.TryGetValue(sid, out var entry) && entry.Endpoint == endpoint && _closedByClient.TryRemove(sid, out entry))
        {
            entry.Timer.Dispose();
            return true;
        }

        return false;
    }

    private void ForgetClientClose(string sid)
    {
        if (_closedByClient.TryRemove(sid, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public async Task CloseAllAsync(string reason, CancellationToken cancellationToken)
    {
        var sessions = _sessions.Values.ToArray();
        foreach (var session in sessions)
        {
            session.Close(reason);
        }

        try
        {
            await Task.WhenAll(sessions.Select(static s => WhenCancelled(s.Closed))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var left = sessions.Where(static s => !s.IsTerminated).ToArray();
            EngineLog.ShutdownCut(logger, left.Length);
            foreach (var session in left)
            {
                session.Terminate(reason);
            }
        }
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), done);
        return done.Task;
    }
}
