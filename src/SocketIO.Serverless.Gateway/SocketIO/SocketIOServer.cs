using System.Collections.Concurrent;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Application;
using SocketIO.Serverless.Gateway.Rooms;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// The Socket.IO server of one hub: its Engine.IO sessions, its namespaces' sockets and rooms, and the server API
/// (<see cref="ISocketServer"/>) over them.
/// </summary>
internal sealed class SocketIOServer : ISocketServer
{
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NamespaceSockets> _namespaces = new(StringComparer.Ordinal);
    private readonly IRoomAdapterFactory _adapters;
    private readonly SocketIOMetrics _metrics;
    private readonly SocketIOOptions _options;

    public SocketIOServer(string hub, IRoomAdapterFactory adapters, SocketIOMetrics metrics, SocketIOOptions options)
    {
        Hub = hub;
        _adapters = adapters;
        _metrics = metrics;
        _options = options;
    }

    public string Hub { get; }

    public ICollection<ClientConnection> Connections => _connections.Values;

    public void AddConnection(ClientConnection connection) => _connections[connection.Id] = connection;

    public void RemoveConnection(ClientConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, ClientConnection>(connection.Id, connection));

    /// <summary>The socket joins its namespace and the room of its own id.</summary>
    public void Register(ServerSocket socket)
    {
        var ns = _namespaces.GetOrAdd(socket.Namespace, name => new NamespaceSockets(_adapters.Create(Hub, name)));
        ns.Sockets[socket.Id] = socket;
        ns.Rooms.AddAll(socket.Id, [socket.Id]);
    }

    public void Unregister(ServerSocket socket)
    {
        if (_namespaces.TryGetValue(socket.Namespace, out var ns))
        {
            ns.Sockets.TryRemove(new KeyValuePair<string, ServerSocket>(socket.Id, socket));
            ns.Rooms.RemoveAll(socket.Id);
        }
    }

    public int Broadcast(string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(exceptRooms);
        ArgumentNullException.ThrowIfNull(attachments);
        RequireEventData(data);
        var delivered = 0;
        if (_namespaces.TryGetValue(@namespace, out var ns))
        {
            var targets = ns.Rooms.Select(rooms, exceptRooms);
            if (targets.Count > 0)
            {
                var packet = OutboundPacket.From(SocketPacket.Event(@namespace, data, attachments));
                foreach (var socketId in targets)
                {
                    if (ns.Sockets.TryGetValue(socketId, out var socket) && socket.Connection.Send(packet))
                    {
                        delivered++;
                    }
                }
            }
        }

        _metrics.Broadcast(@namespace, delivered);
        return delivered;
    }

    public Task<SocketAck> EmitWithAckAsync(string @namespace, string socketId, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        RequireEventData(data);
        if (timeout <= TimeSpan.Zero)
        {
            timeout = TimeSpan.FromMilliseconds(_options.AckTimeout);
        }

        var socket = Find(@namespace, socketId)
            ?? throw new SocketNotConnectedException($"No socket {socketId} is connected to namespace {@namespace}.");
        return socket.EmitWithAckAsync(data, attachments, timeout, cancellationToken);
    }

    public bool Join(string @namespace, string socketId, IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (Find(@namespace, socketId) is null || !_namespaces.TryGetValue(@namespace, out var ns))
        {
            return false;
        }

        ns.Rooms.AddAll(socketId, rooms);
        if (Find(@namespace, socketId) is null)
        {
            // It disconnected while joining: its disconnect may have cleaned up before this add.
            ns.Rooms.RemoveAll(socketId);
            return false;
        }

        _metrics.RoomsJoined(@namespace);
        return true;
    }

    public bool Leave(string @namespace, string socketId, IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (Find(@namespace, socketId) is null || !_namespaces.TryGetValue(@namespace, out var ns))
        {
            return false;
        }

        foreach (var room in rooms)
        {
            ns.Rooms.Remove(socketId, room);
        }

        _metrics.RoomsLeft(@namespace);
        return true;
    }

    public bool Disconnect(string @namespace, string socketId)
    {
        var socket = Find(@namespace, socketId);
        socket?.Close("server namespace disconnect", notifyClient: true);
        return socket is not null;
    }

    public bool CloseConnection(string connectionId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return false;
        }

        connection.Close(reason);
        return true;
    }

    public string? FindSocket(string connectionId, string @namespace) =>
        _connections.TryGetValue(connectionId, out var connection) ? connection.ConnectedSocket(@namespace)?.Id : null;

    public bool SocketExists(string @namespace, string socketId) => Find(@namespace, socketId) is not null;

    public bool ConnectionExists(string connectionId) => _connections.ContainsKey(connectionId);

    public IReadOnlyCollection<SocketInfo> FetchSockets(string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(exceptRooms);
        if (!_namespaces.TryGetValue(@namespace, out var ns))
        {
            return [];
        }

        var found = new List<SocketInfo>();
        foreach (var socketId in ns.Rooms.Select(rooms, exceptRooms))
        {
            if (ns.Sockets.TryGetValue(socketId, out var socket) && ns.Rooms.RoomsOf(socketId) is { } joined)
            {
                found.Add(new SocketInfo(socketId, @namespace, socket.Connection.Id, joined));
            }
        }

        return found;
    }

    public IReadOnlyCollection<string>? RoomsOf(string @namespace, string socketId) =>
        Find(@namespace, socketId) is not null && _namespaces.TryGetValue(@namespace, out var ns) ? ns.Rooms.RoomsOf(socketId) : null;

    private ServerSocket? Find(string @namespace, string socketId)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(socketId);
        return _namespaces.TryGetValue(@namespace, out var ns) && ns.Sockets.TryGetValue(socketId, out var socket) && socket.IsConnected ? socket : null;
    }

    private static void RequireEventData(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException("An event's data must be a JSON array whose first element is the event name (a string).", nameof(data));
        }
    }

    private sealed record NamespaceSockets(IRoomAdapter Rooms)
    {
        public ConcurrentDictionary<string, ServerSocket> Sockets { get; } = new(StringComparer.Ordinal);
    }
}
