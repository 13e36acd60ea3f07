using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Recovery;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// Recovery sessions in the rooms table, so that a client recovers on whichever gateway it reconnects to, also after
/// its gateway was killed (docs/recovery.md, rows in <see cref="RoomTable"/>). Saving never holds the disconnect: it
/// runs after the socket's rows are removed, in the background; a failure costs that session only (logged).
/// Sessions saved here also stay in memory for the old socket's local ordering (<see cref="RecoverySession.Previous"/>).
/// </summary>
internal sealed class TableSessionStore(
    RoomTable table,
    IServiceProvider services,
    IOptions<ConnectionStateRecoveryOptions> options,
    TimeProvider time,
    ILogger<TableSessionStore> logger) : IRecoverySessionStore
{
    /// <summary>How long a gateway waits for a live session row to become a session before it takes it as its gateway's last word (that gateway died).</summary>
    public static readonly TimeSpan LiveSessionWait = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, RecoverySession> _local = new(StringComparer.Ordinal);

    private TimeSpan MaxDisconnection => TimeSpan.FromMilliseconds(options.Value.MaxDisconnectionDuration);

    public void Save(string hub, string @namespace, RecoverySession session, Task removal)
    {
        ArgumentNullException.ThrowIfNull(session);
        _local[session.Pid] = session;
        foreach (var (pid, kept) in _local)
        {
            if (time.GetUtcNow() - kept.DisconnectedAt > MaxDisconnection)
            {
                _local.TryRemove(new KeyValuePair<string, RecoverySession>(pid, kept));
            }
        }

        _ = SaveAsync(new RoomNamespace(hub, @namespace), session, removal);
    }

    public void Forget(string hub, string @namespace, string pid)
    {
        var socketId = pid.Split('.', 2)[0];
        _ = ForgetAsync(new RoomNamespace(hub, @namespace), socketId);
    }

    public async ValueTask<RecoverySession?> TakeAsync(string hub, string @namespace, string pid, CancellationToken cancellationToken)
    {
        var ns = new RoomNamespace(hub, @namespace);
        var server = services.GetRequiredService<ISocketHubs>().Get(hub);
        var session = await table.TakeSessionAsync(ns, pid, MaxDisconnection, LiveSessionWait, IsHeldAsync, cancellationToken).ConfigureAwait(false);
        if (_local.TryRemove(pid, out var local) && session is not null)
        {
            session = session with { Previous = local.Previous, PreviousContext = local.PreviousContext };
        }

        return session;

        async Task<bool> IsHeldAsync(string socketId, CancellationToken ct)
        {
            try
            {
                return await server.RoomsOfAsync(@namespace, socketId, ct).ConfigureAwait(false) is not null;
            }
            catch (Exception e) when (e is Adapters.Redis.ClusterUnavailableException or TimeoutException)
            {
                // Whether another gateway holds it cannot be told: no takeover.
                return true;
            }
        }
    }

    private async Task SaveAsync(RoomNamespace ns, RecoverySession session, Task removal)
    {
        try
        {
            await removal.ConfigureAwait(false);
            await table.SaveSessionAsync(ns, session, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RoomsUnavailableException or OperationCanceledException)
        {
            RecoveryLog.SaveFailed(logger, session.SocketId, ns.Namespace, e.Message);
        }
    }

    private async Task ForgetAsync(RoomNamespace ns, string socketId)
    {
        try
        {
            await table.ForgetSessionAsync(ns, socketId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RoomsUnavailableException e)
        {
            // Left behind, it is never taken (its socket left on purpose, so no client sends its pid); it goes with its gateway's rows.
            RecoveryLog.SaveFailed(logger, socketId, ns.Namespace, e.Message);
        }
    }
}
