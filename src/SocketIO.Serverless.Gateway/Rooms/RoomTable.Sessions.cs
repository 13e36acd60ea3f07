using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Recovery;
using Keys = SocketIO.Serverless.Protocol.Rooms.RoomTableKeys;
using Columns = SocketIO.Serverless.Protocol.Rooms.RoomTableColumns;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// Recovery sessions in the rooms table (docs/recovery.md). Each socket with recovery on has a session row
/// <c>p|{socket id}</c> in its namespace's partition, next to its socket row: written live with the socket (its pid
/// and owner), turned into a recoverable session when it drops abnormally (when it dropped, its rooms, its data), by
/// its own gateway or, when that gateway died, by the one that cleans up after it. Any gateway takes it, once (a
/// conditional delete), when the client comes back. Functions never read these rows.
/// </summary>
internal sealed partial class RoomTable
{
    private const string SessionPrefix = "p";
    private const string PidColumn = "Pid";
    private const string DisconnectedAtColumn = "DisconnectedAt";
    private const string RoomsColumn = "Rooms";

    /// <summary>With recovery on, a dead gateway's sockets become sessions instead of being removed (set at startup).</summary>
    public bool KeepSessions { get; init; }

    private static string SessionRow(string socketId) => SessionPrefix + Keys.Separator + Keys.Component(socketId);

    /// <summary>A socket that left abnormally, after its rows were removed: its session row becomes a recoverable session, if this gateway still owns it.</summary>
    public Task SaveSessionAsync(RoomNamespace ns, RecoverySession session, CancellationToken cancellationToken) =>
        RunAsync("save session", async ct =>
        {
            var row = await ReadSessionAsync(ns, session.SocketId, ct).ConfigureAwait(false);
            if (row is not null && row.GetString(Columns.InstanceId) != InstanceId)
            {
                // Another gateway took the socket over already.
                return;
            }

            var disconnected = DisconnectedSessionRow(ns, session);
            using var deadline = Deadline(ct);
            if (row is null)
            {
                await _client.UpsertEntityAsync(disconnected, TableUpdateMode.Replace, deadline.Token).ConfigureAwait(false);
                return;
            }

            try
            {
                await _client.UpdateEntityAsync(disconnected, row.ETag, TableUpdateMode.Replace, deadline.Token).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Taken (or changed) meanwhile by the gateway the client came back to.
            }
        }, cancellationToken);

    /// <summary>A socket that left on purpose: its session row goes.</summary>
    public Task ForgetSessionAsync(RoomNamespace ns, string socketId, CancellationToken cancellationToken) =>
        RunAsync("forget session", ct => DeleteAsync(ns.PartitionKey, SessionRow(socketId), ct), cancellationToken);

    /// <summary>
    /// Takes the session a client's pid names: a recoverable one (not expired), or the live row of a socket whose
    /// gateway is gone (<paramref name="isHeldElsewhere"/> false after <paramref name="liveWait"/>: a live gateway
    /// turns its row into a session within milliseconds of the drop). Null when there is none, when it is not this
    /// client's, when it expired, or when a live gateway still holds the socket (as Node, which recovers only a
    /// session it saved).
    /// </summary>
    public Task<RecoverySession?> TakeSessionAsync(RoomNamespace ns, string pid, TimeSpan maxDisconnection, TimeSpan liveWait, Func<string, CancellationToken, Task<bool>> isHeldElsewhere, CancellationToken cancellationToken) =>
        RunAsync("take session", async ct =>
        {
            var socketId = pid.Split('.', 2)[0];
            var waitUntil = _time.GetTimestamp() + (long)(liveWait.TotalSeconds * _time.TimestampFrequency);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var row = await ReadSessionAsync(ns, socketId, ct).ConfigureAwait(false);
                if (row is null || row.GetString(PidColumn) != pid)
                {
                    return null;
                }

                if (row.GetInt64(DisconnectedAtColumn) is { } disconnectedAt)
                {
                    var session = SessionOf(row, DateTimeOffset.FromUnixTimeMilliseconds(disconnectedAt));
                    if (_time.GetUtcNow() - session.DisconnectedAt > maxDisconnection)
                    {
                        await DeleteAsync(ns.PartitionKey, row.RowKey, ct).ConfigureAwait(false);
                        return null;
                    }

                    if (await TryDeleteAsync(row, ct).ConfigureAwait(false))
                    {
                        return session;
                    }

                    continue;
                }

                // Live: its gateway has not said it dropped. Wait for that, unless that gateway is gone.
                if (await isHeldElsewhere(socketId, ct).ConfigureAwait(false))
                {
                    return null;
                }

                if (_time.GetTimestamp() < waitUntil)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, ct).ConfigureAwait(false);
                    continue;
                }

                var owner = row.GetString(Columns.InstanceId) ?? InstanceId;
                var taken = await SessionFromLiveRowsAsync(ns, row, ct).ConfigureAwait(false);
                if (await TryDeleteAsync(row, ct).ConfigureAwait(false))
                {
                    await RemoveSocketRowsAsync(ns, socketId, owner, ct).ConfigureAwait(false);
                    return taken;
                }
            }

            return null;
        }, cancellationToken);

    /// <summary>Deletes the recoverable sessions of a namespace that expired; returns how many.</summary>
    public Task<int> RemoveExpiredSessionsAsync(RoomNamespace ns, TimeSpan maxDisconnection, CancellationToken cancellationToken) =>
        RunAsync("remove expired sessions", async ct =>
        {
            var before = (_time.GetUtcNow() - maxDisconnection).ToUnixTimeMilliseconds();
            var removed = 0;
            var prefix = SessionPrefix + Keys.Separator;
            await foreach (var row in Range(ns.PartitionKey, prefix, ["PartitionKey", "RowKey", DisconnectedAtColumn], ct).ConfigureAwait(false))
            {
                if (row.GetInt64(DisconnectedAtColumn) is { } at && at <= before)
                {
                    await DeleteAsync(row.PartitionKey, row.RowKey, ct).ConfigureAwait(false);
                    removed++;
                }
            }

            return removed;
        }, cancellationToken);

    /// <summary>The live session row written with a socket's record (recovery on: the socket has a pid).</summary>
    private TableEntity? LiveSessionRow(RoomNamespace ns, SocketRecord socket) => socket.Pid is not { } pid ? null : new(ns.PartitionKey, SessionRow(socket.Id))
    {
        [Columns.SocketId] = socket.Id,
        [PidColumn] = pid,
        [Columns.UserId] = socket.UserId,
        [Columns.InstanceId] = InstanceId,
    };

    /// <summary>
    /// A dead gateway's socket (recovery on): its session row becomes a recoverable session, with the rooms and data its
    /// rows say, dropped now (its gateway's last heartbeat is older, so the window is a little longer than asked).
    /// </summary>
    private async Task KeepSessionOfDeadSocketAsync(RoomNamespace ns, string socketId, CancellationToken cancellationToken)
    {
        var row = await ReadSessionAsync(ns, socketId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetInt64(DisconnectedAtColumn) is not null)
        {
            return;
        }

        var session = await SessionFromLiveRowsAsync(ns, row, cancellationToken).ConfigureAwait(false);
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _client.UpdateEntityAsync(DisconnectedSessionRow(ns, session), row.ETag, TableUpdateMode.Replace, deadline.Token).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // The client came back meanwhile and another gateway took it over.
        }
    }

    private async Task<RecoverySession> SessionFromLiveRowsAsync(RoomNamespace ns, TableEntity sessionRow, CancellationToken cancellationToken)
    {
        var socketId = sessionRow.GetString(Columns.SocketId)!;
        var rooms = await JoinedRoomsAsync(ns, socketId, cancellationToken).ConfigureAwait(false);
        string? data = null;
        using (var deadline = Deadline(cancellationToken))
        {
            var socketRow = await _client.GetEntityIfExistsAsync<TableEntity>(ns.PartitionKey, Keys.SocketRow(socketId), [Columns.Data], deadline.Token).ConfigureAwait(false);
            if (socketRow.HasValue)
            {
                data = socketRow.Value!.GetString(Columns.Data);
            }
        }

        return new RecoverySession(sessionRow.GetString(PidColumn)!, socketId, [.. rooms], data, sessionRow.GetString(Columns.UserId), _time.GetUtcNow());
    }

    private async Task<TableEntity?> ReadSessionAsync(RoomNamespace ns, string socketId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var row = await _client.GetEntityIfExistsAsync<TableEntity>(ns.PartitionKey, SessionRow(socketId), cancellationToken: deadline.Token).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    private async Task<bool> TryDeleteAsync(TableEntity row, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _client.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static RecoverySession SessionOf(TableEntity row, DateTimeOffset disconnectedAt)
    {
        var rooms = row.GetString(RoomsColumn) is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
        return new RecoverySession(row.GetString(PidColumn)!, row.GetString(Columns.SocketId)!, rooms, row.GetString(Columns.Data), row.GetString(Columns.UserId), disconnectedAt);
    }

    private TableEntity DisconnectedSessionRow(RoomNamespace ns, RecoverySession session) => new(ns.PartitionKey, SessionRow(session.SocketId))
    {
        [Columns.SocketId] = session.SocketId,
        [PidColumn] = session.Pid,
        [Columns.UserId] = session.UserId,
        [Columns.InstanceId] = InstanceId,
        [Columns.Data] = session.Data,
        [RoomsColumn] = JsonSerializer.Serialize(session.Rooms.ToArray()),
        [DisconnectedAtColumn] = session.DisconnectedAt.ToUnixTimeMilliseconds(),
    };
}
