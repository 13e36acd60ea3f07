namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// What runs on top of an Engine.IO endpoint. The engine calls these for each session in order, one call at a
/// time per session (never concurrently for the same session), from its transport loops: implementations must
/// return quickly and move slow work elsewhere, or they stall that session's transport.
/// </summary>
public interface IEngineApplication
{
    /// <summary>A session was opened (the handshake <c>open</c> packet has been queued).</summary>
    void OnOpen(IEngineConnection connection);

    /// <summary>A message arrived from the client.</summary>
    void OnMessage(IEngineConnection connection, EngineMessage message);

    /// <summary>The session ended, with a reason as Socket.IO names them ("transport close", "ping timeout", ...).</summary>
    void OnClose(IEngineConnection connection, string reason);
}
