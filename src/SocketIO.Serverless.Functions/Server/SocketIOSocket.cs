using System.Text.Json.Nodes;
using System.Text.Json;
using Azure;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// The socket a request is about, Socket.IO's <c>socket</c> in a handler: its id, namespace and <c>socket.data</c>,
/// and what can be done to it (join, leave, emit, emitWithAck, broadcast, disconnect) through the management API.
/// </summary>
public sealed class SocketIOSocket
{
    private readonly SocketIOServer? _server;

    internal SocketIOSocket(SocketIOServer? server, string hub, string @namespace, string id, string connectionId, string? userId, SocketIOSocketData state, JsonSerializerOptions serializerOptions)
    {
        _server = server;
        Hub = hub;
        Namespace = @namespace;
        Id = id;
        ConnectionId = connectionId;
        UserId = userId;
        State = state;
        SerializerOptions = serializerOptions;
    }

    /// <summary>The socket id (<c>socket.id</c>), also the name of a room holding only this socket.</summary>
    public string Id { get; }

    public string Namespace { get; }

    /// <summary>The Engine.IO connection carrying the socket (one per client, shared by its namespaces).</summary>
    public string ConnectionId { get; }

    public string Hub { get; }

    /// <summary>The user the connection authenticated as, when the service knows one.</summary>
    public string? UserId { get; }

    /// <summary>
    /// <c>socket.data</c>: kept by the gateway between invocations of this socket. Changes made during an
    /// invocation are saved with its answer (connect or event), e.g. <c>Socket.Data["username"] = "alice"</c>.
    /// </summary>
    public JsonObject Data => State.Data;

    /// <summary>Every other socket of the namespace (<c>socket.broadcast</c>).</summary>
    public BroadcastOperator Broadcast => Server.Of(Namespace).Except(Id);

    internal SocketIOSocketData State { get; }

    internal JsonSerializerOptions SerializerOptions { get; }

    private SocketIOServer Server => _server ?? throw new InvalidOperationException(
        "The Socket.IO server API is not configured: call services.AddSocketIO(configuration) and set SocketIO:ConnectionString.");

    /// <summary>The sockets in <paramref name="rooms"/>, except this one (<c>socket.to(room)</c>).</summary>
    public BroadcastOperator To(params IEnumerable<string> rooms) => Broadcast.To(rooms);

    public BroadcastOperator In(params IEnumerable<string> rooms) => To(rooms);

    /// <summary>Every other socket of the namespace, except those in <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(params IEnumerable<string> rooms) => Broadcast.Except(rooms);

    /// <summary>Joins rooms (<c>socket.join</c>).</summary>
    public async Task JoinAsync(params IEnumerable<string> rooms)
    {
        foreach (var room in rooms)
        {
            await Server.Client.AddConnectionToGroupAsync(SocketIOGroup.ForRoom(Namespace, room).Name, ConnectionId).ConfigureAwait(false);
        }
    }

    /// <summary>Leaves a room (<c>socket.leave</c>).</summary>
    public async Task LeaveAsync(string room) =>
        await Server.Client.RemoveConnectionFromGroupAsync(SocketIOGroup.ForRoom(Namespace, room).Name, ConnectionId).ConfigureAwait(false);

    /// <summary>The rooms the socket is in, its own id among them (<c>socket.rooms</c>).</summary>
    public Task<IReadOnlySet<string>> GetRoomsAsync(CancellationToken cancellationToken = default) =>
        Server.ReadRoomsAsync(
            table => table.GetRoomsAsync(Hub, Namespace, Id, cancellationToken),
            async () =>
            {
                var info = (await Server.Client.GetSocketAsync(Id, Namespace, cancellationToken).ConfigureAwait(false)).Value;
                return (IReadOnlySet<string>)(info is null ? new HashSet<string>() : new HashSet<string>(info.Rooms, StringComparer.Ordinal));
            });

    /// <summary>Emits to this socket only (<c>socket.emit</c>).</summary>
    public Task EmitAsync(string eventName, params object?[] arguments) => EmitAsync(eventName, arguments, CancellationToken.None);

    public async Task EmitAsync(string eventName, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        var body = ServerlessPacketCodec.Encode(Server.EventPacket(Namespace, eventName, arguments));
        try
        {
            await Server.Client.SendToConnectionAsync(ConnectionId, body, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The client already left: in Socket.IO an emit to a gone socket is silently dropped, and so it is here.
        }
    }

    /// <summary>
    /// Emits to this socket and waits for the client's ack (<c>socket.timeout(ms).emitWithAck(...)</c>); throws
    /// <see cref="TimeoutException"/> when it does not come within <paramref name="timeout"/>.
    /// </summary>
    public Task<SocketIOAck> EmitWithAckAsync(TimeSpan timeout, string eventName, params object?[] arguments) =>
        Server.EmitWithAckAsync(Namespace, Id, timeout, eventName, arguments, CancellationToken.None);

    /// <summary>Like <see cref="EmitWithAckAsync(TimeSpan, string, object?[])"/>, returning the ack's first argument as <typeparamref name="T"/>.</summary>
    public async Task<T?> EmitWithAckAsync<T>(TimeSpan timeout, string eventName, params object?[] arguments) =>
        (await EmitWithAckAsync(timeout, eventName, arguments).ConfigureAwait(false)).Arg<T>(0);

    /// <summary>Disconnects the socket from its namespace; with <paramref name="close"/>, closes the whole connection.</summary>
    public async Task DisconnectAsync(bool close = false)
    {
        if (close)
        {
            await Server.Client.CloseConnectionAsync(ConnectionId, "forced close").ConfigureAwait(false);
            return;
        }

        await Server.Client.SendToGroupAsync(SocketIOGroup.ForRoom(Namespace, Id).Name, ServerlessPacketCodec.Encode(SocketPacket.Disconnect(Namespace))).ConfigureAwait(false);
    }
}
