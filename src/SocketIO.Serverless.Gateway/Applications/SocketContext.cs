using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Applications;

/// <summary>What the application knows of one socket (one namespace joined over one Engine.IO session).</summary>
public sealed class SocketContext
{
    public SocketContext(string socketId, string @namespace, string connectionId, EngineHandshake handshake, string? authJson)
    {
        SocketId = socketId;
        Namespace = @namespace;
        ConnectionId = connectionId;
        Handshake = handshake;
        AuthJson = authJson;
    }

    /// <summary>The Socket.IO socket id (unguessable, per namespace); a recovered socket has its previous one back.</summary>
    public string SocketId { get; internal set; }

    /// <summary>
    /// Whether this socket is one that dropped and came back with its id, rooms and data (Socket.IO's
    /// <c>socket.recovered</c>, connection state recovery: docs/recovery.md).
    /// </summary>
    public bool Recovered { get; internal set; }

    /// <summary>
    /// For a recovered socket, the context of the socket it was when that was on this gateway: an application orders
    /// what it tells about the new one after what it still has to tell about the old one (its disconnect). Only one
    /// level deep, so repeated recoveries hold no chain.
    /// </summary>
    internal SocketContext? RecoveredFrom { get; set; }

    /// <summary>The namespace, e.g. "/" or "/admin".</summary>
    public string Namespace { get; }

    /// <summary>The Engine.IO session id that carries this socket.</summary>
    public string ConnectionId { get; }

    public EngineHandshake Handshake { get; }

    /// <summary>The CONNECT packet's payload (Socket.IO's <c>handshake.auth</c>) as JSON text, or null if none was sent.</summary>
    public string? AuthJson { get; }

    /// <summary>
    /// Opaque per-socket state the application keeps between calls (Socket.IO's <c>socket.data</c>; the upstream
    /// carries it as the <c>ce-connectionState</c> header). Null until the application sets it.
    /// </summary>
    public string? State { get; set; }

    /// <summary>
    /// The user the socket's connection authenticated as (an access token's <c>sub</c>, or what its connect function
    /// answered), or null. Set by the application while it accepts the connect.
    /// </summary>
    public string? UserId { get; set; }
}
