using System.Collections.Concurrent;
using System.Text.Json;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Socket.IO's <c>io</c> for functions: emit, rooms and sockets of every namespace, over the gateway's management
/// REST API. Inject it (registered by <c>AddSocketIO</c>). Its own members act on the main namespace "/";
/// <see cref="Of"/> gives the others.
/// </summary>
public sealed class SocketIOServer
{
    private readonly ConcurrentDictionary<string, SocketIOServer> _hubs;

    /// <param name="client">The management REST client of the gateway (or the managed service).</param>
    /// <param name="options">The SDK's settings.</param>
    /// <param name="rooms">Reads membership straight from the rooms table; null to read it through the gateway's REST routes.</param>
    public SocketIOServer(SocketIOServiceClient client, SocketIOOptions options, SocketIORoomReader? rooms = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        Client = client;
        Options = options;
        Rooms = rooms;
        _hubs = new ConcurrentDictionary<string, SocketIOServer>(StringComparer.Ordinal) { [client.Hub] = this };
    }

    private SocketIOServer(SocketIOServiceClient client, SocketIOOptions options, SocketIORoomReader? rooms, ConcurrentDictionary<string, SocketIOServer> hubs)
    {
        Client = client;
        Options = options;
        Rooms = rooms;
        _hubs = hubs;
    }

    /// <summary>The REST client underneath, for operations the Socket.IO shape does not cover.</summary>
    public SocketIOServiceClient Client { get; }

    public string Hub => Client.Hub;

    /// <summary>The rooms table reader, when the app has storage settings (docs/adapter.md); null reads through the gateway.</summary>
    public SocketIORoomReader? Rooms { get; }

    internal SocketIOOptions Options { get; }

    /// <summary>The main namespace, <c>io.sockets</c>.</summary>
    public SocketIONamespace Sockets => Of(SocketPacket.MainNamespace);

    /// <summary>The same server for another hub (requests from that hub's clients use it automatically).</summary>
    public SocketIOServer ForHub(string hub) => _hubs.GetOrAdd(hub, h => new SocketIOServer(Client.ForHub(h), Options, Rooms, _hubs));

    /// <summary>A namespace, e.g. <c>io.Of("/admin")</c>.</summary>
    public SocketIONamespace Of(string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return new SocketIONamespace(this, @namespace.StartsWith('/') ? @namespace : "/" + @namespace);
    }

    public BroadcastOperator To(params IEnumerable<string> rooms) => Sockets.To(rooms);

    public BroadcastOperator In(params IEnumerable<string> rooms) => Sockets.In(rooms);

    public BroadcastOperator Except(params IEnumerable<string> rooms) => Sockets.Except(rooms);

    /// <summary>Emits to every socket of the main namespace: <c>io.emit(...)</c>.</summary>
    public Task EmitAsync(string eventName, params object?[] arguments) => Sockets.EmitAsync(eventName, arguments);

    public Task<IReadOnlyList<SocketIORemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) => Sockets.FetchSocketsAsync(cancellationToken);

    public Task SocketsJoinAsync(params IEnumerable<string> rooms) => Sockets.SocketsJoinAsync(rooms);

    public Task SocketsLeaveAsync(params IEnumerable<string> rooms) => Sockets.SocketsLeaveAsync(rooms);

    public Task DisconnectSocketsAsync(bool close = false) => Sockets.DisconnectSocketsAsync(close);

    /// <summary>How many sockets of the main namespace are in <paramref name="room"/>.</summary>
    public Task<int> GetRoomSizeAsync(string room, CancellationToken cancellationToken = default) => Sockets.GetRoomSizeAsync(room, cancellationToken);

    /// <summary>Whether any socket of the main namespace is in <paramref name="room"/>.</summary>
    public Task<bool> RoomExistsAsync(string room, CancellationToken cancellationToken = default) => Sockets.RoomExistsAsync(room, cancellationToken);

    /// <summary>
    /// Runs a read against the rooms table when there is one; when there is none, or it does not exist (no gateway
    /// writes it), <paramref name="throughGateway"/> instead.
    /// </summary>
    internal async Task<T> ReadRoomsAsync<T>(Func<SocketIORoomReader, Task<T>> fromTable, Func<Task<T>> throughGateway)
    {
        if (Rooms is { } reader)
        {
            try
            {
                return await fromTable(reader).ConfigureAwait(false);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
            {
                // No gateway has written this table: the gateway's routes know.
            }
        }

        return await throughGateway().ConfigureAwait(false);
    }

    internal SocketPacket EventPacket(string @namespace, string eventName, IReadOnlyList<object?> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Any(a => a is CancellationToken))
        {
            throw new ArgumentException("A CancellationToken is not an event argument: use the EmitAsync overload that takes one.", nameof(arguments));
        }

        var payload = SocketBinary.CreateEventData(eventName, arguments, Options.SerializerOptions);
        return SocketPacket.Event(@namespace, payload.Data, payload.Attachments);
    }

    /// <summary>Emits to one socket and waits for its ack (the extension route <c>:emitWithAck</c>).</summary>
    internal async Task<SocketIOAck> EmitWithAckAsync(string @namespace, string socketId, TimeSpan timeout, string eventName, IReadOnlyList<object?> arguments, CancellationToken cancellationToken)
    {
        var body = ServerlessPacketCodec.Encode(EventPacket(@namespace, eventName, arguments));
        string answer;
        try
        {
            answer = (await Client.EmitWithAckAsync(socketId, body, timeout, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 504)
        {
            throw new TimeoutException($"Socket {socketId} did not acknowledge '{eventName}' within {timeout}.", e);
        }

        if (!ServerlessPacketCodec.TryDecode(answer, out var ack, out var error))
        {
            throw new InvalidOperationException($"The gateway answered emitWithAck with a body that is not an ACK packet: {error}");
        }

        if (!ack.IsAck)
        {
            throw new InvalidOperationException($"The gateway answered emitWithAck with a {ack.Type} packet, not an ACK.");
        }

        return new SocketIOAck(SocketArguments.Of(ack), Options.SerializerOptions);
    }
}
