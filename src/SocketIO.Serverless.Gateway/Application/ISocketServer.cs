using System.Text.Json;

namespace SocketIO.Serverless.Gateway.Application;

/// <summary>
/// What an application can do to sockets: the server side of Socket.IO's API (emit, rooms, acks, disconnect),
/// as the Socket.IO layer implements it. The management REST API (functions to gateway) is a thin HTTP
/// front over this, and the in-process application uses it directly.
/// </summary>
public interface ISocketServer
{
    /// <summary>
    /// Sends an EVENT to the sockets of <paramref name="namespace"/> that are in any of <paramref name="rooms"/>
    /// (all sockets of the namespace when empty) and in none of <paramref name="exceptRooms"/>, each once.
    /// <paramref name="data"/> is the packet's data array (event name first) with placeholders for <paramref name="attachments"/>.
    /// Returns how many sockets it was queued to.
    /// </summary>
    int Broadcast(string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments);

    /// <summary>Sends an EVENT to one socket and waits for its ack; throws <see cref="TimeoutException"/> when it does not come in time.</summary>
    Task<SocketAck> EmitWithAckAsync(string @namespace, string socketId, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Adds the socket to rooms. False when no such socket is connected.</summary>
    bool Join(string @namespace, string socketId, IEnumerable<string> rooms);

    /// <summary>Removes the socket from rooms. False when no such socket is connected.</summary>
    bool Leave(string @namespace, string socketId, IEnumerable<string> rooms);

    /// <summary>Disconnects the socket from its namespace (a DISCONNECT packet; the client does not reconnect). False when unknown.</summary>
    bool Disconnect(string @namespace, string socketId);

    /// <summary>Closes a whole Engine.IO session with every socket on it. False when unknown.</summary>
    bool CloseConnection(string connectionId, string reason);

    /// <summary>The socket of Engine.IO session <paramref name="connectionId"/> in <paramref name="namespace"/>, or null.</summary>
    string? FindSocket(string connectionId, string @namespace);

    /// <summary>Whether a socket is connected in the namespace.</summary>
    bool SocketExists(string @namespace, string socketId);

    /// <summary>Whether an Engine.IO session is open.</summary>
    bool ConnectionExists(string connectionId);

    /// <summary>The sockets of the namespace in any of <paramref name="rooms"/> (all when empty), except those in <paramref name="exceptRooms"/>.</summary>
    IReadOnlyCollection<SocketInfo> FetchSockets(string @namespace, IReadOnlyCollection<string> rooms, IReadOnlyCollection<string> exceptRooms);

    /// <summary>The rooms the socket is in (its own id among them), or null when unknown.</summary>
    IReadOnlyCollection<string>? RoomsOf(string @namespace, string socketId);
}

/// <summary>A connected socket as <see cref="ISocketServer.FetchSockets"/> reports it.</summary>
public sealed record SocketInfo(string SocketId, string Namespace, string ConnectionId, IReadOnlyCollection<string> Rooms);
