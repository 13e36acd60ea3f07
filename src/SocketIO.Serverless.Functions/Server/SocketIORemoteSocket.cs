using System.Text.Json.Nodes;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>A socket found by <c>FetchSocketsAsync</c> (Socket.IO's <c>RemoteSocket</c>): its id, rooms, and a few actions.</summary>
public sealed class SocketIORemoteSocket
{
    private readonly SocketIOServer _server;

    internal SocketIORemoteSocket(SocketIOServer server, SocketIOSocketInfo info)
    {
        _server = server;
        Id = info.SocketId;
        Namespace = info.Namespace;
        ConnectionId = info.ConnectionId;
        Rooms = new HashSet<string>(info.Rooms ?? [], StringComparer.Ordinal);
        UserId = info.UserId;
        Data = DataOf(info.Data);
    }

    public string Id { get; }

    public string Namespace { get; }

    public string ConnectionId { get; }

    /// <summary>The rooms the socket was in when fetched, its own id among them.</summary>
    public IReadOnlySet<string> Rooms { get; }

    /// <summary>The user its connection authenticated as, when known.</summary>
    public string? UserId { get; }

    /// <summary>Its <c>socket.data</c> when fetched (read from the rooms table; empty through the gateway's routes). A copy: changing it changes nothing.</summary>
    public JsonObject Data { get; }

    public Task EmitAsync(string eventName, params object?[] arguments) =>
        _server.Client.SendToConnectionAsync(ConnectionId, ServerlessPacketCodec.Encode(_server.EventPacket(Namespace, eventName, arguments)));

    public async Task JoinAsync(params IEnumerable<string> rooms)
    {
        foreach (var room in rooms)
        {
            await _server.Client.AddConnectionToGroupAsync(SocketIOGroup.ForRoom(Namespace, room).Name, ConnectionId).ConfigureAwait(false);
        }
    }

    public Task LeaveAsync(string room) =>
        _server.Client.RemoveConnectionFromGroupAsync(SocketIOGroup.ForRoom(Namespace, room).Name, ConnectionId);

    private static JsonObject DataOf(string? encoded)
    {
        try
        {
            return SocketIOSocketData.Decode(encoded).Data;
        }
        catch (SocketIORequestException)
        {
            // Not what the SDK writes: another writer's state; the socket is still worth listing.
            return [];
        }
    }

    public Task DisconnectAsync(bool close = false) => close
        ? _server.Client.CloseConnectionAsync(ConnectionId, "forced close")
        : _server.Client.SendToGroupAsync(SocketIOGroup.ForRoom(Namespace, Id).Name, ServerlessPacketCodec.Encode(SocketPacket.Disconnect(Namespace)));
}
