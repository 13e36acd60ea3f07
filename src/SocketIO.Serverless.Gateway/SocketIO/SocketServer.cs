using System.Collections.Concurrent;
using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.Recovery;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// The Socket.IO server of one hub: its Engine.IO sessions, its namespaces (each with its local sockets and its
/// adapter), and the server API (<see cref="ISocketServer"/>) over the adapters.
/// </summary>
internal sealed class SocketServer : ISocketServer
{
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SocketIONamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _namespaceGate = new();
    private readonly ISocketAdapterFactory _adapters;
    private readonly SocketIOMetrics _metrics;
    private readonly SocketIOOptions _options;
    private readonly ConnectionStateRecovery _recovery;

    public SocketServer(string hub, ISocketAdapterFactory adapters, SocketIOMetrics metrics, SocketIOOptions options, ConnectionStateRecovery recovery)
    {
        Hub = hub;
        _recovery = recovery;
        _adapters = adapters;
        _metrics = metrics;
        _options = options;
    }

    public string Hub { get; }

    public ICollection<ClientConnection> Connections => _connections.Values;

    public void AddConnection(ClientConnection connection) => _connections[connection.Id] = connection;

    public void RemoveConnection(ClientConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, ClientConnection>(connection.Id, connection));

    /// <summary>The namespace's adapter learns of the socket (the room of its own id), before the socket is admitted.</summary>
    public ValueTask AddSocketAsync(ServerSocket socket, CancellationToken cancellationToken) =>
        NamespaceOf(socket.Namespace).Adapter.AddSocketAsync(socket.Record, cancellationToken);

    /// <summary>A recovered socket's adapter record, with the rooms of its session, before it is admitted.</summary>
    public ValueTask RestoreSocketAsync(ServerSocket socket, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken) =>
        NamespaceOf(socket.Namespace).Adapter.RestoreSocketAsync(socket.Record, rooms, cancellationToken);

    /// <summary>The socket is admitted: broadcasts reach it from now on. Runs under the connection's send lock.</summary>
    public void Register(ServerSocket socket) => NamespaceOf(socket.Namespace).Sockets[socket.Id] = socket;

    /// <summary>
    /// The socket left (or was never admitted): it is forgotten locally at once and leaves every room. With recovery
    /// on, a socket that left for <paramref name="reason"/> abnormally is kept as a session (docs/recovery.md).
    /// </summary>
    public void Unregister(ServerSocket socket, string? reason = null)
    {
        var ns = NamespaceOf(socket.Namespace);
        var session = reason is not null ? SessionOf(socket, ns, reason) : null;
        var removal = ns.Adapter.RemoveSocketAsync(socket.Id, CancellationToken.None);
        if (session is not null)
        {
            _recovery.Sessions.Save(Hub, socket.Namespace, session, removal.AsTask());
            _recovery.Metrics.SessionKept();
            RecoveryLog.SessionKept(_recovery.Logger, socket.Id, socket.Namespace, reason!, _recovery.Options.MaxDisconnectionDuration);
        }
        else
        {
            if (socket.Pid is { } pid)
            {
                // Left on purpose (or never admitted): a store that tracks live sessions drops this one.
                _recovery.Sessions.Forget(Hub, socket.Namespace, pid);
            }

            if (!removal.IsCompletedSuccessfully)
            {
                // A durable adapter forgets in memory at once and stores in the background; its failures are its own to log.
                _ = removal.AsTask();
            }
        }

        // Forgotten locally only once its session is kept: a recovering client that finds it here still (see
        // CloseAbandoned) waits for it to have left, and then finds the session.
        ns.Sockets.TryRemove(new KeyValuePair<string, ServerSocket>(socket.Id, socket));
    }

    /// <summary>
    /// A client asks to recover the session of a socket that is still here, on another connection: it reconnected,
    /// so that connection is dead on its side and only its close has not reached us yet (the client's new CONNECT can
    /// overtake it). Closing it now, as the transport close it is, keeps its session for the recovery. Returns when it
    /// has left (its session is kept then); null when no such socket is here (the pid must match, so only the client
    /// that holds it can close it).
    /// </summary>
    public Task? CloseAbandoned(string @namespace, string pid, ClientConnection recoveringOn)
    {
        var dot = pid.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !_namespaces.TryGetValue(@namespace, out var ns)
            || !ns.Sockets.TryGetValue(pid[..dot], out var socket)
            || ReferenceEquals(socket.Connection, recoveringOn)
            || !string.Equals(socket.Pid, pid, StringComparison.Ordinal))
        {
            return null;
        }

        // Its connection may be closing on another thread already: the socket's Left says when that is done.
        socket.Connection.Close(Engine.EngineCloseReasons.TransportClose);
        return socket.Left;
    }

    /// <summary>The packets kept for replay in a namespace (connection state recovery).</summary>
    public PacketBuffer BufferOf(string @namespace) => _recovery.Buffer(Hub, @namespace);

    private RecoverySession? SessionOf(ServerSocket socket, SocketIONamespace ns, string reason)
    {
        if (!_recovery.Enabled || socket.Pid is not { } pid || !ConnectionStateRecovery.IsRecoverable(reason))
        {
            return null;
        }

        // Every adapter answers this from memory, synchronously; its rooms must be read before the removal below.
        var rooms = ns.Adapter.RoomsOfAsync(socket.Id, CancellationToken.None);
        IReadOnlyCollection<string> joined = rooms.IsCompletedSuccessfully ? rooms.Result ?? [socket.Id] : [socket.Id];
        return new RecoverySession(pid, socket.Id, [.. joined], socket.Context.State, socket.Context.UserId, _recovery.Time.GetUtcNow())
        {
            Previous = socket.Completion,
            PreviousContext = socket.Context,
        };
    }

    /// <summary>The socket's <c>socket.data</c> changed: the adapter's record follows.</summary>
    public ValueTask UpdateSocketAsync(ServerSocket socket, CancellationToken cancellationToken) =>
        NamespaceOf(socket.Namespace).Adapter.UpdateSocketAsync(socket.Record, cancellationToken);

    public async Task<int?> BroadcastAsync(string @namespace, BroadcastTarget target, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(attachments);
        RequireEventData(data);
        int? delivered = 0;
        if (_namespaces.TryGetValue(@namespace, out var ns))
        {
            // With recovery on, the offset is the last argument (the client keeps it) and the packet is kept for replay.
            var offset = _recovery.NextOffset();
            var packet = offset is null
                ? OutboundPacket.From(SocketPacket.Event(@namespace, data, attachments))
                : OutboundPacket.From(SocketPacket.Event(@namespace, RecoveryWire.WithOffset(data, offset), attachments), offset);
            delivered = await ns.Adapter.BroadcastAsync(packet, target, cancellationToken).ConfigureAwait(false);
        }

        _metrics.Broadcast(@namespace, delivered ?? 0);
        return delivered;
    }

    public Task<SocketAck> EmitWithAckAsync(string @namespace, string socketId, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken = default)
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

    public async Task<bool> JoinAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (Find(@namespace, socketId) is null || !_namespaces.TryGetValue(@namespace, out var ns))
        {
            return false;
        }

        if (!await ns.Adapter.JoinAsync(socketId, rooms, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (Find(@namespace, socketId) is null)
        {
            // It disconnected while joining: its removal may have run before this join, so run it again.
            await ns.Adapter.RemoveSocketAsync(socketId, CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        _metrics.RoomsJoined(@namespace);
        return true;
    }

    public async Task<bool> LeaveAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (Find(@namespace, socketId) is null || !_namespaces.TryGetValue(@namespace, out var ns))
        {
            return false;
        }

        if (!await ns.Adapter.LeaveAsync(socketId, rooms, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _metrics.RoomsLeft(@namespace);
        return true;
    }

    public async Task SocketsJoinAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (_namespaces.TryGetValue(@namespace, out var ns) && rooms.Count > 0)
        {
            await ns.Adapter.AddSocketsAsync(target, rooms, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task SocketsLeaveAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (_namespaces.TryGetValue(@namespace, out var ns) && rooms.Count > 0)
        {
            await ns.Adapter.DelSocketsAsync(target, rooms, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int?> DisconnectSocketsAsync(string @namespace, BroadcastTarget target, bool close, CancellationToken cancellationToken = default) =>
        _namespaces.TryGetValue(@namespace, out var ns) ? await ns.Adapter.DisconnectSocketsAsync(target, close, cancellationToken).ConfigureAwait(false) : 0;

    public Task<bool> CloseConnectionAsync(string connectionId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (!_connections.TryGetValue(connectionId, out var connection))
        {
            return Task.FromResult(false);
        }

        connection.Close(reason);
        return Task.FromResult(true);
    }

    public Task<string?> FindSocketAsync(string connectionId, string @namespace, CancellationToken cancellationToken = default) =>
        Task.FromResult(_connections.TryGetValue(connectionId, out var connection) ? connection.ConnectedSocket(@namespace)?.Id : null);

    public Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_connections.ContainsKey(connectionId));

    public async Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(string @namespace, BroadcastTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _namespaces.TryGetValue(@namespace, out var ns) ? await ns.Adapter.FetchSocketsAsync(target, cancellationToken).ConfigureAwait(false) : [];
    }

    public async Task<IReadOnlyCollection<string>?> RoomsOfAsync(string @namespace, string socketId, CancellationToken cancellationToken = default) =>
        Find(@namespace, socketId) is not null && _namespaces.TryGetValue(@namespace, out var ns)
            ? await ns.Adapter.RoomsOfAsync(socketId, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// Makes sure the namespace and its adapter exist, so an operation addressed to it reaches the other gateways
    /// (scale-out) even when this gateway holds none of its sockets.
    /// </summary>
    public void OpenNamespace(string @namespace) => NamespaceOf(@namespace);

    private SocketIONamespace NamespaceOf(string @namespace)
    {
        if (_namespaces.TryGetValue(@namespace, out var ns))
        {
            return ns;
        }

        // Created once under a lock: an adapter subscribes and registers itself, so a losing duplicate would linger.
        lock (_namespaceGate)
        {
            return _namespaces.GetOrAdd(@namespace, static (name, server) => new SocketIONamespace(server.Hub, name, server._adapters), this);
        }
    }

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
}

/// <summary>One namespace of one hub (Socket.IO's <c>Namespace</c>): the sockets this gateway holds in it, and its adapter.</summary>
internal sealed class SocketIONamespace : IAdapterNamespace
{
    public SocketIONamespace(string hub, string name, ISocketAdapterFactory adapters)
    {
        Hub = hub;
        Name = name;
        Adapter = adapters.Create(this);
    }

    public string Hub { get; }

    public string Name { get; }

    public ISocketAdapter Adapter { get; }

    public ConcurrentDictionary<string, ServerSocket> Sockets { get; } = new(StringComparer.Ordinal);

    public ILocalSocket? FindSocket(string socketId) =>
        Sockets.TryGetValue(socketId, out var socket) && socket.IsConnected ? socket : null;
}
