using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>
/// Sessions in this gateway's memory: the store of one gateway without rooms storage (socket.io-adapter's in-memory
/// <c>SessionAwareAdapter</c>). A session is found only by a client that comes back to this gateway, and is lost
/// with the process. Expired sessions are swept at most once a second, when another is saved.
/// </summary>
internal sealed class InMemorySessionStore(IOptions<ConnectionStateRecoveryOptions> options, TimeProvider time) : IRecoverySessionStore
{
    private readonly ConcurrentDictionary<(string Hub, string Namespace, string Pid), RecoverySession> _sessions = new();
    private long _sweptAt = time.GetTimestamp();

    public int Count => _sessions.Count;

    public void Save(string hub, string @namespace, RecoverySession session, Task removal)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessions[(hub.ToLowerInvariant(), @namespace, session.Pid)] = session;
        SweepNow();
    }

    public void Forget(string hub, string @namespace, string pid)
    {
        // Only sessions of dropped sockets are kept here, and a socket that left on purpose never had one saved.
    }

    public ValueTask<RecoverySession?> TakeAsync(string hub, string @namespace, string pid, CancellationToken cancellationToken)
    {
        if (!_sessions.TryRemove((hub.ToLowerInvariant(), @namespace, pid), out var session) || Expired(session))
        {
            return ValueTask.FromResult<RecoverySession?>(null);
        }

        return ValueTask.FromResult<RecoverySession?>(session);
    }

    private void SweepNow()
    {
        var swept = Interlocked.Read(ref _sweptAt);
        if (time.GetElapsedTime(swept) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref _sweptAt, time.GetTimestamp(), swept) != swept)
        {
            return;
        }

        foreach (var (key, session) in _sessions)
        {
            if (Expired(session))
            {
                _sessions.TryRemove(new KeyValuePair<(string, string, string), RecoverySession>(key, session));
            }
        }
    }

    private bool Expired(RecoverySession session) =>
        time.GetUtcNow() - session.DisconnectedAt > TimeSpan.FromMilliseconds(options.Value.MaxDisconnectionDuration);
}
