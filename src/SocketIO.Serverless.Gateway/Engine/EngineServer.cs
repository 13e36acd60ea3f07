using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The registry of open sessions across every Engine.IO endpoint, and the graceful close of them all.</summary>
internal sealed class EngineServer(ILogger<EngineServer> logger) : IEngineServer
{
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shuttingDown = new();

    public IReadOnlyCollection<IEngineConnection> Sessions => [.. _sessions.Values];

    public CancellationToken ShuttingDown => _shuttingDown.Token;

    internal ILogger Logger => logger;

    internal void Add(EngineSession session) => _sessions[session.Id] = session;

    internal void Remove(EngineSession session) => _sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session));

    /// <summary>The session with this id, if it is open and belongs to <paramref name="endpoint"/>.</summary>
    internal EngineSession? Find(string sid, EngineEndpoint endpoint) =>
        _sessions.TryGetValue(sid, out var session) && session.Endpoint == endpoint ? session : null;

    internal void BeginShutdown() => _shuttingDown.Cancel();

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
