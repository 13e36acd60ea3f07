namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// One Engine.IO session (one client), whatever transport currently carries it. The object stays the same
/// across an upgrade from polling to WebSocket. This is the seam between the transport layer (engine) and
/// whatever runs on top of it (the Socket.IO server, or the raw echo endpoint).
/// </summary>
public interface IEngineConnection
{
    /// <summary>The Engine.IO session id (<c>sid</c>): unguessable, URL-safe.</summary>
    string Id { get; }

    /// <summary>What the client sent when it opened the session (headers, query, address...).</summary>
    EngineHandshake Handshake { get; }

    /// <summary>"polling" or "websocket": the transport in use now.</summary>
    string TransportName { get; }

    /// <summary>
    /// Queues a message for the client, in order. Never blocks. Returns <c>false</c> when the session is
    /// closed or closing, or when its bounded send buffer is full (the engine then closes the session, see
    /// <see cref="EngineOptions.MaxBufferedMessages"/>); a caller never has to handle back-pressure itself.
    /// </summary>
    bool Send(EngineMessage message);

    /// <summary>
    /// Closes the session (sending a <c>close</c> packet where the transport allows it) with a Socket.IO-style
    /// reason such as "forced close" or "server shutting down". Idempotent.
    /// </summary>
    void Close(string reason);

    /// <summary>
    /// Stops taking messages from the client until the returned handle is disposed (back-pressure; pauses nest):
    /// a WebSocket reads no more frames and a polling POST is not answered, so the client's own TCP buffers fill
    /// and it slows down; nothing it sent is lost. Its heartbeat cannot time out meanwhile (its pongs wait too).
    /// </summary>
    IDisposable PauseReceiving();

    /// <summary>Cancelled once the session is closed, whatever the cause.</summary>
    CancellationToken Closed { get; }
}
