using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;

namespace SocketIO.Serverless.Gateway.Adapters;

/// <summary>
/// The state and fan-out of one namespace of one hub, as Socket.IO's <c>Adapter</c> (socket.io-adapter) and ASP.NET
/// Core SignalR's <c>HubLifetimeManager</c> are: it owns room membership and delivery. Everything that acts on
/// sockets (the management API, the in-process application, the Socket.IO layer) goes through it, so a durable
/// (Table Storage), shared (Redis) or recovering adapter is a decorator or a replacement of the in-memory one,
/// not an edit all over the gateway (docs/adapter.md).
/// <para>
/// Every socket is in the room of its own id from <see cref="AddSocketAsync"/> to <see cref="RemoveSocketAsync"/>.
/// Membership changes complete once they hold (for a durable adapter: once stored); a change that cannot be made
/// throws <see cref="RoomsUnavailableException"/> and leaves membership as it was. Counts are null when the adapter
/// cannot know them (sockets of other gateways, as in Socket.IO's cluster adapter). Thread-safe.
/// </para>
/// </summary>
internal interface ISocketAdapter
{
    /// <summary>A socket joined the namespace: it enters the room of its own id. Never fails for storage reasons (a durable adapter repairs later).</summary>
    ValueTask AddSocketAsync(SocketRecord socket, CancellationToken cancellationToken);

    /// <summary>
    /// A recovered socket joined the namespace (docs/recovery.md): it enters the room of its own id and the rooms of its
    /// session at once, so no broadcast to those rooms can reach it between its admission and its joins.
    /// </summary>
    ValueTask RestoreSocketAsync(SocketRecord socket, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken);

    /// <summary>What is known of a socket changed (its <c>socket.data</c>); membership is unchanged.</summary>
    ValueTask UpdateSocketAsync(SocketRecord socket, CancellationToken cancellationToken);

    /// <summary>The socket left the namespace: it leaves every room at once in memory; storage follows in the background.</summary>
    ValueTask RemoveSocketAsync(string socketId, CancellationToken cancellationToken);

    /// <summary>Adds a socket of this gateway to rooms (Socket.IO's <c>addAll</c>). False when the adapter does not know the socket.</summary>
    ValueTask<bool> JoinAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken);

    /// <summary>Removes a socket of this gateway from rooms (Socket.IO's <c>del</c>). False when the adapter does not know the socket.</summary>
    ValueTask<bool> LeaveAsync(string socketId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken);

    /// <summary>Queues a packet, encoded once, to every socket of the target. Returns how many were reached, or null when unknown.</summary>
    ValueTask<int?> BroadcastAsync(OutboundPacket packet, BroadcastTarget target, CancellationToken cancellationToken);

    /// <summary>The sockets of the target (Socket.IO's <c>fetchSockets</c>), each once.</summary>
    ValueTask<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastTarget target, CancellationToken cancellationToken);

    /// <summary>The rooms a socket is in, its own id among them; null when the socket is unknown.</summary>
    ValueTask<IReadOnlyCollection<string>?> RoomsOfAsync(string socketId, CancellationToken cancellationToken);

    /// <summary>Makes every socket of the target join rooms (Socket.IO's <c>addSockets</c>, behind <c>socketsJoin</c>).</summary>
    ValueTask AddSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken);

    /// <summary>Makes every socket of the target leave rooms (Socket.IO's <c>delSockets</c>, behind <c>socketsLeave</c>).</summary>
    ValueTask DelSocketsAsync(BroadcastTarget target, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken);

    /// <summary>Disconnects every socket of the target; with <paramref name="close"/>, closes their whole connections. Returns how many, or null when unknown.</summary>
    ValueTask<int?> DisconnectSocketsAsync(BroadcastTarget target, bool close, CancellationToken cancellationToken);
}

/// <summary>Creates the adapter of each (hub, namespace), as Socket.IO creates one adapter per namespace.</summary>
internal interface ISocketAdapterFactory
{
    ISocketAdapter Create(IAdapterNamespace @namespace);
}

/// <summary>
/// The sockets of one namespace that this gateway holds (Socket.IO's <c>nsp.sockets</c>): what an adapter delivers
/// to. Only sockets whose connect completed are found.
/// </summary>
internal interface IAdapterNamespace
{
    string Hub { get; }

    string Name { get; }

    ILocalSocket? FindSocket(string socketId);
}

/// <summary>A socket this gateway holds, as an adapter sees it.</summary>
internal interface ILocalSocket
{
    SocketRecord Record { get; }

    /// <summary>Queues a packet to the client. False when its session is closed or its send buffer is full.</summary>
    bool Send(OutboundPacket packet);

    /// <summary>Server-side disconnect from the namespace; with <paramref name="close"/>, closes the whole connection.</summary>
    void Disconnect(bool close);
}
