using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Protocol.Rooms;
using Keys = SocketIO.Serverless.Protocol.Rooms.RoomTableKeys;
using Columns = SocketIO.Serverless.Protocol.Rooms.RoomTableColumns;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// The gateway's writes to the rooms table (schema in docs/adapter.md, keys in <see cref="RoomTableKeys"/>): socket
/// records, memberships, heartbeats and the cleanup of dead gateways. Every write is an upsert or a delete that
/// tolerates a missing row, so each operation is idempotent and safe to run twice at once. Each call is bounded by
/// <see cref="RoomsOptions.OperationTimeout"/> and fails with <see cref="RoomsUnavailableException"/>.
/// </summary>
internal sealed partial class RoomTable
{
    // Azure's 4 MiB limit of a transaction's payload, with room for the multipart framing.
    private const int MaxBatchBytes = 3_500_000;

    private readonly TableClient _client;
    private readonly RoomsOptions _options;
    private readonly RoomsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _markedNamespaces = new(StringComparer.Ordinal);

    public RoomTable(TableClient client, string instanceId, RoomsOptions options, RoomsMetrics metrics, TimeProvider time)
    {
        _client = client;
        InstanceId = instanceId;
        _options = options;
        _metrics = metrics;
        _time = time;
    }

    /// <summary>This gateway's id: the owner of the rows it writes.</summary>
    public string InstanceId { get; }

    public string TableName => _client.Name;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) =>
        RunAsync("create table", async ct =>
        {
            using var deadline = Deadline(ct);
            await _client.CreateIfNotExistsAsync(deadline.Token).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Upserts the record of each socket (its socket row, the row saying this gateway owns it) and its membership of
    /// <c>rooms</c>: what a connect, a join, <c>socketsJoin</c> and a repair write. One transaction per 100 rows.
    /// </summary>
    public Task WriteAsync(RoomNamespace ns, IEnumerable<(SocketRecord Socket, IReadOnlyCollection<string> Rooms)> sockets, CancellationToken cancellationToken) =>
        RunAsync("write", ct => WriteRowsAsync(ns, sockets, ct), cancellationToken);

    /// <summary>Deletes memberships (member and joined rows): a leave, <c>socketsLeave</c>.</summary>
    public Task DeleteMembershipsAsync(RoomNamespace ns, IEnumerable<(string SocketId, string Room)> memberships, CancellationToken cancellationToken) =>
        RunAsync("leave", ct => SubmitAsync(memberships.SelectMany(m => MembershipDeletes(ns, m.SocketId, m.Room)).ToList(), ct), cancellationToken);

    /// <summary>The rooms the table says a socket is in.</summary>
    public Task<IReadOnlyList<string>> StoredRoomsAsync(RoomNamespace ns, string socketId, CancellationToken cancellationToken) =>
        RunAsync("read rooms", ct => JoinedRoomsAsync(ns, socketId, ct), cancellationToken);

    /// <summary>
    /// Removes every row of a socket: its memberships, its record, and last the row saying who owns it (so an
    /// interrupted removal is found again by the owner's cleanup). Tolerates rows already gone.
    /// </summary>
    public Task RemoveSocketAsync(RoomNamespace ns, string socketId, string ownerInstanceId, CancellationToken cancellationToken) =>
        RunAsync("remove socket", ct => RemoveSocketRowsAsync(ns, socketId, ownerInstanceId, ct), cancellationToken);

    /// <summary>
    /// Makes the table's record of a live socket what memory says: stale memberships deleted, the record and current
    /// memberships upserted. Repairs a write that failed while storage was down.
    /// </summary>
    public Task ReconcileAsync(RoomNamespace ns, SocketRecord socket, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) =>
        RunAsync("repair", async ct =>
        {
            var stored = await JoinedRoomsAsync(ns, socket.Id, ct).ConfigureAwait(false);
            var current = rooms.ToHashSet(StringComparer.Ordinal);
            await SubmitAsync(stored.Where(room => !current.Contains(room)).SelectMany(room => MembershipDeletes(ns, socket.Id, room)).ToList(), ct).ConfigureAwait(false);
            await WriteRowsAsync(ns, [(socket, rooms)], ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Writes this gateway's heartbeat. False when its row was missing: another gateway took this one for dead and
    /// removed its rows (or the table itself was gone, and is created again), so the caller must write its live
    /// sockets again.
    /// </summary>
    public Task<bool> HeartbeatAsync(CancellationToken cancellationToken) =>
        RunAsync("heartbeat", async ct =>
        {
            var row = new TableEntity(Keys.InstancesPartition, Keys.InstanceRow(InstanceId))
            {
                [Columns.InstanceId] = InstanceId,
                [Columns.HeartbeatAt] = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            using var deadline = Deadline(ct);
            try
            {
                await _client.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, deadline.Token).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                if (e.ErrorCode == "TableNotFound")
                {
                    // The whole table went (deleted, or an emulator that lost its data): start it again from memory.
                    await _client.CreateIfNotExistsAsync(deadline.Token).ConfigureAwait(false);
                }

                // Either way this instance's namespace rows went too: the sockets written again must mark their
                // namespaces again, or the cleanup after a later real crash would not find their rows.
                _markedNamespaces.Clear();

                await _client.UpsertEntityAsync(row, TableUpdateMode.Replace, deadline.Token).ConfigureAwait(false);
                return false;
            }
        }, cancellationToken);

    /// <summary>The gateways whose heartbeat is older than <paramref name="expiry"/> (never this one).</summary>
    public Task<IReadOnlyList<string>> ExpiredInstancesAsync(TimeSpan expiry, CancellationToken cancellationToken) =>
        RunAsync("find expired gateways", async ct =>
        {
            var before = (_time.GetUtcNow() - expiry).ToUnixTimeMilliseconds();

            // Compared here, not in the filter: the partition holds a few rows per gateway, and Azurite's typed
            // comparisons in filters do not match Azure's.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.InstancesPartition}");
            var expired = new List<string>();
            using var deadline = Deadline(ct);
            await foreach (var row in _client.QueryAsync<TableEntity>(filter, select: [Columns.InstanceId, Columns.HeartbeatAt], cancellationToken: deadline.Token).ConfigureAwait(false))
            {
                if (row.GetInt64(Columns.HeartbeatAt) is { } heartbeat && heartbeat < before && row.GetString(Columns.InstanceId) is { } id && id != InstanceId)
                {
                    expired.Add(id);
                }
            }

            return (IReadOnlyList<string>)expired;
        }, cancellationToken);

    /// <summary>
    /// Removes every row a gateway instance owns (a dead one's, or this one's previous life), then its heartbeat row.
    /// Idempotent: two gateways doing it at once both succeed. Returns how many sockets it removed.
    /// </summary>
    public Task<int> RemoveInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        RunAsync("remove gateway", async ct =>
        {
            var removed = 0;
            var markers = Range(Keys.InstancesPartition, Keys.InstanceNamespacesOf(instanceId), ["PartitionKey", "RowKey", Columns.Hub, Columns.Namespace], ct);
            await foreach (var marker in markers.ConfigureAwait(false))
            {
                if (marker.GetString(Columns.Hub) is not { } hub || marker.GetString(Columns.Namespace) is not { } @namespace)
                {
                    continue;
                }

                var ns = new RoomNamespace(hub, @namespace);
                var owned = new List<string>();
                await foreach (var row in Range(ns.PartitionKey, Keys.OwnedBy(instanceId), [Columns.SocketId], ct).ConfigureAwait(false))
                {
                    if (row.GetString(Columns.SocketId) is { } socketId)
                    {
                        owned.Add(socketId);
                    }
                }

                foreach (var socketId in owned)
                {
                    if (KeepSessions)
                    {
                        // Connection state recovery: its client may come back, to any gateway, within the window.
                        await KeepSessionOfDeadSocketAsync(ns, socketId, ct).ConfigureAwait(false);
                    }

                    await RemoveSocketRowsAsync(ns, socketId, instanceId, ct).ConfigureAwait(false);
                }

                removed += owned.Count;
                await DeleteAsync(marker.PartitionKey, marker.RowKey, ct).ConfigureAwait(false);
            }

            await DeleteAsync(Keys.InstancesPartition, Keys.InstanceRow(instanceId), ct).ConfigureAwait(false);
            if (instanceId == InstanceId)
            {
                _markedNamespaces.Clear();
            }

            return removed;
        }, cancellationToken);

    private async Task WriteRowsAsync(RoomNamespace ns, IEnumerable<(SocketRecord Socket, IReadOnlyCollection<string> Rooms)> sockets, CancellationToken cancellationToken)
    {
        await MarkNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
        var actions = new List<TableTransactionAction>();
        foreach (var (socket, rooms) in sockets)
        {
            actions.Add(Upsert(SocketRow(ns, socket)));
            actions.Add(Upsert(OwnedRow(ns, socket.Id, InstanceId)));
            if (LiveSessionRow(ns, socket) is { } session)
            {
                actions.Add(Upsert(session));
            }
            foreach (var room in rooms)
            {
                actions.Add(Upsert(MemberRow(ns, socket, room)));
                actions.Add(Upsert(JoinedRow(ns, socket.Id, room)));
            }
        }

        await SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveSocketRowsAsync(RoomNamespace ns, string socketId, string ownerInstanceId, CancellationToken cancellationToken)
    {
        var rooms = await JoinedRoomsAsync(ns, socketId, cancellationToken).ConfigureAwait(false);
        var deletes = rooms.SelectMany(room => MembershipDeletes(ns, socketId, room)).ToList();
        deletes.Add(Delete(ns.PartitionKey, Keys.SocketRow(socketId)));
        await SubmitAsync(deletes, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(ns.PartitionKey, Keys.OwnedRow(ownerInstanceId, socketId), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> JoinedRoomsAsync(RoomNamespace ns, string socketId, CancellationToken cancellationToken)
    {
        var rooms = new List<string>();
        await foreach (var row in Range(ns.PartitionKey, Keys.JoinedBy(socketId), [Columns.Room, Columns.SocketId], cancellationToken).ConfigureAwait(false))
        {
            // The property, not the key: a hashed key component is not reversible, and a hash never collides with it.
            if (row.GetString(Columns.SocketId) == socketId && row.GetString(Columns.Room) is { } room)
            {
                rooms.Add(room);
            }
        }

        return rooms;
    }

    /// <summary>The instance-namespace row is written once per process and namespace, before any socket row, so cleanup always finds the namespace.</summary>
    private async Task MarkNamespaceAsync(RoomNamespace ns, CancellationToken cancellationToken)
    {
        var marking = _markedNamespaces.GetOrAdd(ns.PartitionKey, _ => new Lazy<Task>(() => _client.UpsertEntityAsync(
            new TableEntity(Keys.InstancesPartition, Keys.InstanceNamespaceRow(InstanceId, ns.Hub, ns.Namespace))
            {
                [Columns.InstanceId] = InstanceId,
                [Columns.Hub] = ns.Hub,
                [Columns.Namespace] = ns.Namespace,
            },
            TableUpdateMode.Replace,
            CancellationToken.None)));
        try
        {
            await marking.Value.WaitAsync(TimeSpan.FromMilliseconds(_options.OperationTimeout), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _markedNamespaces.TryRemove(new KeyValuePair<string, Lazy<Task>>(ns.PartitionKey, marking));
            throw;
        }
    }

    /// <summary>The rows of a key range, read whole within one deadline.</summary>
    private async IAsyncEnumerable<TableEntity> Range(string partitionKey, string prefix, IEnumerable<string> select, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var upper = Keys.UpperBound(prefix);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {upper}");
        var rows = new List<TableEntity>();
        using (var deadline = Deadline(cancellationToken))
        {
            await foreach (var row in _client.QueryAsync<TableEntity>(filter, select: select, cancellationToken: deadline.Token).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }

        foreach (var row in rows)
        {
            yield return row;
        }
    }

    /// <summary>The deadline of one storage call (a transaction, a query, a single write): <see cref="RoomsOptions.OperationTimeout"/>.</summary>
    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.OperationTimeout);
        return deadline;
    }

    /// <summary>Submits actions in transactions of one partition and at most 100 rows (and 4 MiB), as Azure requires.</summary>
    private async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in RoomTableBatches.Chunk(actions, action => action.Entity.PartitionKey, SizeOf, maxBytes: MaxBatchBytes))
        {
            try
            {
                if (chunk.Count == 1)
                {
                    await SubmitOneAsync(chunk[0], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using var deadline = Deadline(cancellationToken);
                    await _client.SubmitTransactionAsync(chunk, deadline.Token).ConfigureAwait(false);
                }

                _metrics.RowsWritten(chunk.Count);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // A delete of a row already gone fails its whole transaction: the rest one by one, tolerating 404.
                foreach (var action in chunk)
                {
                    await SubmitOneAsync(action, cancellationToken).ConfigureAwait(false);
                }

                _metrics.RowsWritten(chunk.Count);
            }
        }
    }

    private async Task SubmitOneAsync(TableTransactionAction action, CancellationToken cancellationToken)
    {
        if (action.ActionType == TableTransactionActionType.Delete)
        {
            await DeleteAsync(action.Entity.PartitionKey, action.Entity.RowKey, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var deadline = Deadline(cancellationToken);
        await _client.UpsertEntityAsync((TableEntity)action.Entity, TableUpdateMode.Replace, deadline.Token).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _client.DeleteEntityAsync(partitionKey, rowKey, ETag.All, deadline.Token).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: what a delete wants.
        }
    }

    /// <summary>
    /// Runs one operation; storage failures, and the deadline of any of its storage calls (<see cref="Deadline"/>),
    /// become <see cref="RoomsUnavailableException"/>.
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var result = await run(cancellationToken).ConfigureAwait(false);
            _metrics.Operation(operation, "ok", _time.GetElapsedTime(started));
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or OperationCanceledException or TimeoutException or HttpRequestException)
        {
            _metrics.Operation(operation, "failed", _time.GetElapsedTime(started));
            var reason = e is OperationCanceledException ? $"no answer within {_options.OperationTimeout} ms" : Describe(e);
            throw new RoomsUnavailableException($"Rooms storage (table '{TableName}') could not {operation}: {reason}.", e);
        }
    }

    private async Task RunAsync(string operation, Func<CancellationToken, Task> run, CancellationToken cancellationToken) =>
        await RunAsync<bool>(operation, async ct =>
        {
            await run(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status} {failed.ErrorCode}",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => "retries exhausted (" + aggregate.InnerExceptions[^1].Message.Split('\n')[0] + ")",
        _ => e.Message.Split('\n')[0],
    };

    private static IEnumerable<TableTransactionAction> MembershipDeletes(RoomNamespace ns, string socketId, string room) =>
    [
        Delete(ns.PartitionKey, Keys.MemberRow(room, socketId)),
        Delete(ns.PartitionKey, Keys.JoinedRow(socketId, room)),
    ];

    private static TableEntity SocketRow(RoomNamespace ns, SocketRecord socket) => new(ns.PartitionKey, Keys.SocketRow(socket.Id))
    {
        [Columns.Hub] = ns.Hub,
        [Columns.Namespace] = ns.Namespace,
        [Columns.SocketId] = socket.Id,
        [Columns.ConnectionId] = socket.ConnectionId,
        [Columns.UserId] = socket.UserId,
        [Columns.Data] = socket.Data,
    };

    private TableEntity MemberRow(RoomNamespace ns, SocketRecord socket, string room) => new(ns.PartitionKey, Keys.MemberRow(room, socket.Id))
    {
        [Columns.Room] = room,
        [Columns.SocketId] = socket.Id,
        [Columns.ConnectionId] = socket.ConnectionId,
        [Columns.UserId] = socket.UserId,
        [Columns.Data] = socket.Data,
        [Columns.InstanceId] = InstanceId,
    };

    private static TableEntity JoinedRow(RoomNamespace ns, string socketId, string room) => new(ns.PartitionKey, Keys.JoinedRow(socketId, room))
    {
        [Columns.Room] = room,
        [Columns.SocketId] = socketId,
    };

    private static TableEntity OwnedRow(RoomNamespace ns, string socketId, string instanceId) => new(ns.PartitionKey, Keys.OwnedRow(instanceId, socketId))
    {
        [Columns.SocketId] = socketId,
        [Columns.InstanceId] = instanceId,
    };

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static TableTransactionAction Delete(string partitionKey, string rowKey) =>
        new(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), ETag.All);

    private static int SizeOf(TableTransactionAction action)
    {
        var size = 1024 + (2 * (action.Entity.PartitionKey.Length + action.Entity.RowKey.Length));
        if (action.Entity is TableEntity row)
        {
            foreach (var (name, value) in row)
            {
                size += 2 * (name.Length + ((value as string)?.Length ?? 16));
            }
        }

        return size;
    }
}

/// <summary>One namespace of one hub, and its partition of the rooms table.</summary>
internal sealed record RoomNamespace(string Hub, string Namespace)
{
    public string PartitionKey { get; } = RoomTableKeys.NamespacePartition(Hub, Namespace);
}
