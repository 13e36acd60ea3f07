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
    }

    public string Id { get; }

    public string Namespace { get; }

    public string ConnectionId { get; }

    /// <summary>The rooms the socket was in when fetched, its own id among them.</summary>
    public IReadOnlySet<string> Rooms { get; }

    public Task EmitAsync(string eventName, params object?[] arguments) =>
        _server.Client.SendToConnectionAsync(ConnectionId, SocketIOWire.EncodeBody(_server.EventPacket(Namespace, eventName, arguments)));

    public async Task JoinAsync(params IEnumerable<string> rooms)
    {
        foreach (var room in rooms)
        {
            await _server.Client.AddConnectionToGroupAsync(SocketIOGroup.ForRoom(Namespace, room).Name, ConnectionId).ConfigureAwait(false);
        }
    }

    public Task LeaveAsync(string room) =>
        _server.Client.RemoveConnectionFromGroupAsync(SocketIOGroup.ForRoom(Namespace, room).Name, ConnectionId);

    public Task DisconnectAsync(bool close = false) => close
        ? _server.Client.CloseConnectionAsync(ConnectionId, "forced close")
        : _server.Client.SendToGroupAsync(SocketIOGroup.ForRoom(Namespace, Id).Name, SocketIOWire.EncodeBody(SocketPacket.Disconnect(Namespace)));
}
