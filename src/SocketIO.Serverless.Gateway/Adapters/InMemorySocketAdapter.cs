using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Adapters;

/// <summary>
/// The adapter of one gateway with no storage (socket.io-adapter's <c>in-memory-adapter</c>): rooms in a
/// <see cref="RoomIndex"/>, delivery to this gateway's sockets. Every operation completes synchronously; what it
/// knows is lost when the process ends. The default, and the inner adapter the durable and shared ones decorate.
/// </summary>
internal sealed class InMemorySocketAdapter(IAdapterNamespace @namespace) : ISocketAdapter
{
    private readonly RoomIndex _rooms = new();

    public IAdapterNamespace Namespace => @namespace;

    /// <summary>The room index, for a decorator that changes membership only after its own step succeeded.</summary>
    public RoomIndex Rooms => _rooms;

    public ValueTask AddSocketAsync(SocketRecord socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _rooms.AddAll(socket.Id, [socket.Id]);
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateSocketAsync(SocketRecord socket, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask RemoveSocketAsync(string socketId, CancellationToken cancellationToken)
    {
        _rooms.RemoveAll(socketId);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> JoinAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (_rooms.RoomsOf(socketId) is null)
        {
            return ValueTask.FromResult(false);
        }

        _rooms.AddAll(socketId, rooms);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> LeaveAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (_rooms.RoomsOf(socketId) is null)
        {
            return ValueTask.FromResult(false);
        }

        foreach (var room in rooms)
        {
            _rooms.Remove(socketId, room);
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask<int?> BroadcastAsync(OutboundPacket packet, BroadcastTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var delivered = 0;
        foreach (var socket in LocalSockets(target))
        {
            if (socket.Send(packet))
            {
                delivered++;
            }
        }

        return ValueTask.FromResult<int?>(delivered);
    }

    public ValueTask<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastTarget target, CancellationToken cancellationToken)
    {
        var found = new List<SocketInfo>();
        foreach (var socket in LocalSockets(target))
        {
            if (_rooms.RoomsOf(socket.Record.Id) is { } rooms)
            {
                var record = socket.Record;
                found.Add(new SocketInfo(record.Id, @namespace.Name, record.ConnectionId, record.UserId, record.Data, rooms));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<SocketInfo>>(found);
    }

    public ValueTask<IReadOnlyCollection<string>?> RoomsOfAsync(string socketId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_rooms.RoomsOf(socketId));

    public ValueTask AddSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        foreach (var socketId in Select(target))
        {
            _rooms.AddAll(socketId, rooms);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DelSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        foreach (var socketId in Select(target))
        {
            foreach (var room in rooms)
            {
                _rooms.Remove(socketId, room);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int?> DisconnectSocketsAsync(BroadcastTarget target, bool close, CancellationToken cancellationToken)
    {
        var sockets = LocalSockets(target).ToList();
        foreach (var socket in sockets)
        {
            socket.Disconnect(close);
        }

        return ValueTask.FromResult<int?>(sockets.Count);
    }

    /// <summary>The ids the target selects (sockets whose connect is still pending included: they are in the index already).</summary>
    public IReadOnlyCollection<string> Select(BroadcastTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _rooms.Select(target.Rooms, target.ExceptRooms);
    }

    private IEnumerable<ILocalSocket> LocalSockets(BroadcastTarget target)
    {
        foreach (var socketId in Select(target))
        {
            if (@namespace.FindSocket(socketId) is { } socket)
            {
                yield return socket;
            }
        }
    }
}

/// <summary>Creates an <see cref="InMemorySocketAdapter"/> per namespace: the default, for one gateway without storage.</summary>
internal sealed class InMemorySocketAdapterFactory : ISocketAdapterFactory
{
    public ISocketAdapter Create(IAdapterNamespace @namespace) => new InMemorySocketAdapter(@namespace);
}
