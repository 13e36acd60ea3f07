namespace SocketIO.Serverless.Gateway.Applications;

/// <summary>
/// The application seam: where the Socket.IO layer hands a socket's life (connect, events, disconnect) to
/// whatever implements the application. Tests and the conformance server use an in-process implementation;
/// the product implements it over HTTP, as Azure Functions invocations (the "upstream").
/// The Socket.IO layer calls these for one socket in arrival order and never concurrently, except that acks
/// coming from the client never wait behind an event in flight.
/// </summary>
public interface ISocketApplication
{
    /// <summary>Whether clients may connect to <paramref name="namespace"/>; others get CONNECT_ERROR "Invalid namespace".</summary>
    bool HasNamespace(string @namespace);

    /// <summary>A client asked to join a namespace. The socket exists only if this accepts.</summary>
    ValueTask<ConnectResult> ConnectAsync(SocketContext socket, CancellationToken cancellationToken);

    /// <summary>The socket joined its namespace (CONNECT sent). Fire-and-forget from the client's view.</summary>
    ValueTask ConnectedAsync(SocketContext socket, CancellationToken cancellationToken);

    /// <summary>An EVENT/BINARY_EVENT arrived. Returns the ack to send when the client asked for one, else null.</summary>
    ValueTask<SocketAck?> EventAsync(SocketContext socket, SocketEvent socketEvent, CancellationToken cancellationToken);

    /// <summary>The socket left its namespace, with Socket.IO's reason ("client namespace disconnect", "transport close", ...).</summary>
    ValueTask DisconnectedAsync(SocketContext socket, string reason, CancellationToken cancellationToken);
}
