using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Rooms;

/// <summary>
/// The in-memory adapter with Azure Table Storage as the durable record of its sockets and rooms (docs/adapter.md).
/// Broadcasts and reads go to memory; joins and leaves are stored first and applied in memory only once stored, so
/// a caller that is answered sees them in the table, and a change that fails changes nothing. Connects, data changes
/// and disconnects never wait on storage being up: a failed write is repaired by <see cref="RoomTableMaintenance"/>
/// when storage answers again (memory is the truth for this gateway's sockets). Writes of one socket are serialised.
/// </summary>
internal sealed class TableSocketAdapter : ISocketAdapter
{
    private readonly InMemorySocketAdapter _memory;
    private readonly IAdapterNamespace _namespace;
    private readonly RoomTable _table;
    private readonly TableSocketAdapterFactory _factory;
    private readonly StripedLock _locks = new();
    private readonly ILogger _logger;

    public TableSocketAdapter(IAdapterNamespace @namespace, RoomTable table, TableSocketAdapterFactory factory, ILogger logger)
    {
        _memory = new InMemorySocketAdapter(@namespace);
        _namespace = @namespace;
        _table = table;
        _factory = factory;
        _logger = logger;
        Key = new RoomNamespace(@namespace.Hub, @namespace.Name);
    }

    public RoomNamespace Key { get; }

    public async ValueTask AddSocketAsync(SocketRecord socket, CancellationToken cancellationToken)
    {
        await _memory.AddSocketAsync(socket, cancellationToken).ConfigureAwait(false);
        using (await _locks.AcquireAsync([socket.Id], cancellationToken).ConfigureAwait(false))
        {
            await StoreOrDeferAsync(socket.Id, "connect", ct => _table.WriteAsync(Key, [(socket, [socket.Id])], ct), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask RestoreSocketAsync(SocketRecord socket, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        await _memory.RestoreSocketAsync(socket, rooms, cancellationToken).ConfigureAwait(false);
        IReadOnlyCollection<string> all = [socket.Id, .. rooms.Where(room => room != socket.Id)];
        using (await _locks.AcquireAsync([socket.Id], cancellationToken).ConfigureAwait(false))
        {
            await StoreOrDeferAsync(socket.Id, "recover", ct => _table.WriteAsync(Key, [(socket, all)], ct), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask UpdateSocketAsync(SocketRecord socket, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync([socket.Id], cancellationToken).ConfigureAwait(false))
        {
            if (_memory.Rooms.RoomsOf(socket.Id) is { } rooms)
            {
                await StoreOrDeferAsync(socket.Id, "data change", ct => _table.WriteAsync(Key, [(socket, rooms)], ct), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask RemoveSocketAsync(string socketId, CancellationToken cancellationToken)
    {
        // Memory forgets at once (the socket is gone for broadcasts); storage follows without holding the disconnect.
        _memory.Rooms.RemoveAll(socketId);
        return new ValueTask(RemoveStoredAsync(socketId));
    }

    public async ValueTask<bool> JoinAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync([socketId], cancellationToken).ConfigureAwait(false))
        {
            if (_memory.Rooms.RoomsOf(socketId) is not { } current || _namespace.FindSocket(socketId) is not { } socket)
            {
                return false;
            }

            var added = rooms.Distinct(StringComparer.Ordinal).Where(room => !current.Contains(room)).ToList();
            if (added.Count > 0)
            {
                await ChangeAsync("join", [socketId], ct => _table.WriteAsync(Key, [(socket.Record, added)], ct), cancellationToken).ConfigureAwait(false);
            }

            return await _memory.JoinAsync(socketId, rooms, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<bool> LeaveAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync([socketId], cancellationToken).ConfigureAwait(false))
        {
            if (_memory.Rooms.RoomsOf(socketId) is not { } current)
            {
                return false;
            }

            var removed = rooms.Distinct(StringComparer.Ordinal).Where(current.Contains).ToList();
            if (removed.Count > 0)
            {
                await ChangeAsync("leave", [socketId], ct => _table.DeleteMembershipsAsync(Key, removed.Select(room => (socketId, room)), ct), cancellationToken).ConfigureAwait(false);
            }

            return await _memory.LeaveAsync(socketId, rooms, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask<int?> BroadcastAsync(OutboundPacket packet, BroadcastTarget target, CancellationToken cancellationToken) =>
        _memory.BroadcastAsync(packet, target, cancellationToken);

    public ValueTask<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastTarget target, CancellationToken cancellationToken) =>
        _memory.FetchSocketsAsync(target, cancellationToken);

    public ValueTask<IReadOnlyCollection<string>?> RoomsOfAsync(string socketId, CancellationToken cancellationToken) =>
        _memory.RoomsOfAsync(socketId, cancellationToken);

    public async ValueTask AddSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        var ids = _memory.Select(target);
        using (await _locks.AcquireAsync(ids, cancellationToken).ConfigureAwait(false))
        {
            var changes = new List<(SocketRecord Socket, IReadOnlyCollection<string> Rooms)>();
            foreach (var socketId in ids)
            {
                if (_namespace.FindSocket(socketId) is { } socket && _memory.Rooms.RoomsOf(socketId) is { } current)
                {
                    var added = rooms.Distinct(StringComparer.Ordinal).Where(room => !current.Contains(room)).ToList();
                    if (added.Count > 0)
                    {
                        changes.Add((socket.Record, added));
                    }
                }
            }

            // One write for every socket: the rows of one namespace share a partition, so 50 joins go in one transaction.
            if (changes.Count > 0)
            {
                await ChangeAsync("socketsJoin", changes.Select(change => change.Socket.Id).ToList(), ct => _table.WriteAsync(Key, changes, ct), cancellationToken).ConfigureAwait(false);
            }

            foreach (var (socket, added) in changes)
            {
                _memory.Rooms.AddAll(socket.Id, added);
            }
        }
    }

    public async ValueTask DelSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        var ids = _memory.Select(target);
        using (await _locks.AcquireAsync(ids, cancellationToken).ConfigureAwait(false))
        {
            var memberships = new List<(string SocketId, string Room)>();
            foreach (var socketId in ids)
            {
                if (_memory.Rooms.RoomsOf(socketId) is { } current)
                {
                    memberships.AddRange(rooms.Distinct(StringComparer.Ordinal).Where(current.Contains).Select(room => (socketId, room)));
                }
            }

            if (memberships.Count > 0)
            {
                await ChangeAsync("socketsLeave", memberships.Select(m => m.SocketId).Distinct().ToList(), ct => _table.DeleteMembershipsAsync(Key, memberships, ct), cancellationToken).ConfigureAwait(false);
            }

            foreach (var (socketId, room) in memberships)
            {
                _memory.Rooms.Remove(socketId, room);
            }
        }
    }

    public ValueTask<int?> DisconnectSocketsAsync(BroadcastTarget target, bool close, CancellationToken cancellationToken) =>
        _memory.DisconnectSocketsAsync(target, close, cancellationToken);

    /// <summary>
    /// Makes the stored rows of a socket what memory says (a live socket's record and rooms, or nothing for a gone
    /// one). True when done; false to try again later (storage still down, or the socket's connect not finished).
    /// </summary>
    public async Task<bool> RepairAsync(string socketId, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync([socketId], cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (_memory.Rooms.RoomsOf(socketId) is not { } rooms)
                {
                    await _table.RemoveSocketAsync(Key, socketId, _table.InstanceId, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                if (_namespace.FindSocket(socketId) is not { } socket)
                {
                    return false;
                }

                await _table.ReconcileAsync(Key, socket.Record, rooms, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RoomsUnavailableException)
            {
                return false;
            }
        }
    }

    /// <summary>The sockets this adapter holds, for writing them all again after another gateway removed this one's rows.</summary>
    public IReadOnlyCollection<string> SocketIds() => _memory.Select(BroadcastTarget.All);

    private async Task RemoveStoredAsync(string socketId)
    {
        using (await _locks.AcquireAsync([socketId], CancellationToken.None).ConfigureAwait(false))
        {
            await StoreOrDeferAsync(socketId, "disconnect", ct => _table.RemoveSocketAsync(Key, socketId, _table.InstanceId, ct), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A write the caller does not wait on storage for: a failure is logged and left to the repair.</summary>
    private async Task StoreOrDeferAsync(string socketId, string operation, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write(cancellationToken).ConfigureAwait(false);
        }
        catch (RoomsUnavailableException e)
        {
            RoomsLog.WriteDeferred(_logger, socketId, _namespace.Name, operation, e.Message);
            _factory.Defer(this, socketId);
        }
    }

    /// <summary>
    /// A membership change the caller waits for: stored, or <see cref="RoomsUnavailableException"/> with memory
    /// untouched. A failure may have stored some transactions of a large change: those sockets are repaired back to
    /// what memory says.
    /// </summary>
    private async Task ChangeAsync(string operation, IReadOnlyCollection<string> socketIds, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write(cancellationToken).ConfigureAwait(false);
        }
        catch (RoomsUnavailableException e)
        {
            RoomsLog.ChangeFailed(_logger, operation, _namespace.Name, e.Message);
            foreach (var socketId in socketIds)
            {
                _factory.Defer(this, socketId);
            }

            throw;
        }
    }
}

/// <summary>Creates a <see cref="TableSocketAdapter"/> per namespace, and keeps what <see cref="RoomTableMaintenance"/> needs: every adapter, and the sockets waiting for a repair.</summary>
internal sealed class TableSocketAdapterFactory(RoomTable table, ILogger<TableSocketAdapter> logger) : ISocketAdapterFactory
{
    private readonly List<TableSocketAdapter> _adapters = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(TableSocketAdapter Adapter, string SocketId), byte> _repairs = new();
    private readonly Lock _gate = new();

    public RoomTable Table => table;

    public int PendingRepairs => _repairs.Count;

    public ISocketAdapter Create(IAdapterNamespace @namespace)
    {
        var adapter = new TableSocketAdapter(@namespace, table, this, logger);
        lock (_gate)
        {
            _adapters.Add(adapter);
        }

        return adapter;
    }

    public IReadOnlyList<TableSocketAdapter> Adapters()
    {
        lock (_gate)
        {
            return [.. _adapters];
        }
    }

    public void Defer(TableSocketAdapter adapter, string socketId) => _repairs.TryAdd((adapter, socketId), 0);

    /// <summary>Repairs every deferred socket it can; returns how many it repaired.</summary>
    public async Task<int> RepairAsync(CancellationToken cancellationToken)
    {
        var repaired = 0;
        foreach (var (adapter, socketId) in _repairs.Keys)
        {
            // Removed before the attempt: a failure after this point defers the socket again.
            _repairs.TryRemove((adapter, socketId), out _);
            if (await adapter.RepairAsync(socketId, cancellationToken).ConfigureAwait(false))
            {
                repaired++;
            }
            else
            {
                Defer(adapter, socketId);
            }
        }

        return repaired;
    }
}
