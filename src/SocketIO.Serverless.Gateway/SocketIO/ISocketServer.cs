using System.Text.Json;
using SocketIO.Serverless.Gateway.Adapters;
using SocketIO.Serverless.Gateway.Applications;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>
/// What an application can do to the sockets of one hub: the server side of Socket.IO's API (emit, rooms, acks,
/// disconnect), an asynchronous facade over the adapter of each namespace (docs/adapter.md). The management REST
/// API (functions to gateway) is a thin HTTP front over this, and the in-process application uses it directly.
/// Membership changes complete once they hold, and throw <see cref="RoomsUnavailableException"/> when rooms storage
/// cannot take them (then nothing changed). Counts are null when another gateway could change them.
/// </summary>
public interface ISocketServer
{
    /// <summary>The hub whose sockets this server holds.</summary>
    string Hub { get; }

    /// <summary>
    /// Sends an EVENT to the sockets of the target in <paramref name="namespace"/>, each once. <paramref name="data"/>
    /// is the packet's data array (event name first) with placeholders for <paramref name="attachments"/>. Returns how
    /// many sockets it was queued to, or null when unknown.
    /// </summary>
    Task<int?> BroadcastAsync(string @namespace, BroadcastTarget target, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, CancellationToken cancellationToken = default);

    /// <summary>Sends an EVENT to one socket and waits for its ack; throws <see cref="TimeoutException"/> when it does not come in time.</summary>
    Task<SocketAck> EmitWithAckAsync(string @namespace, string socketId, JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Adds the socket to rooms, once durable. False when no such socket is connected.</summary>
    Task<bool> JoinAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default);

    /// <summary>Removes the socket from rooms, once durable. False when no such socket is connected.</summary>
    Task<bool> LeaveAsync(string @namespace, string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default);

    /// <summary>Makes the sockets of the target join rooms (Socket.IO's <c>socketsJoin</c>).</summary>
    Task SocketsJoinAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default);

    /// <summary>Makes the sockets of the target leave rooms (Socket.IO's <c>socketsLeave</c>).</summary>
    Task SocketsLeaveAsync(string @namespace, BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default);

    /// <summary>
    /// Disconnects the sockets of the target from the namespace (a DISCONNECT packet; the client does not reconnect);
    /// with <paramref name="close"/>, closes their whole connections. Returns how many, or null when unknown.
    /// </summary>
    Task<int?> DisconnectSocketsAsync(string @namespace, BroadcastTarget target, bool close, CancellationToken cancellationToken = default);

    /// <summary>Closes a whole Engine.IO session with every socket on it. False when unknown.</summary>
    Task<bool> CloseConnectionAsync(string connectionId, string reason, CancellationToken cancellationToken = default);

    /// <summary>The socket of Engine.IO session <paramref name="connectionId"/> in <paramref name="namespace"/>, or null.</summary>
    Task<string?> FindSocketAsync(string connectionId, string @namespace, CancellationToken cancellationToken = default);

    /// <summary>Whether an Engine.IO session is open.</summary>
    Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>The sockets of the target in the namespace, each once (Socket.IO's <c>fetchSockets</c>).</summary>
    Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(string @namespace, BroadcastTarget target, CancellationToken cancellationToken = default);

    /// <summary>The rooms the socket is in (its own id among them), or null when no such socket is connected.</summary>
    Task<IReadOnlyCollection<string>?> RoomsOfAsync(string @namespace, string socketId, CancellationToken cancellationToken = default);
}

/// <summary>A connected socket as <see cref="ISocketServer.FetchSocketsAsync"/> reports it.</summary>
/// <param name="Data">Its <c>socket.data</c> as the application keeps it, or null.</param>
public sealed record SocketInfo(string SocketId, string Namespace, string ConnectionId, string? UserId, string? Data, IReadOnlyCollection<string> Rooms);
