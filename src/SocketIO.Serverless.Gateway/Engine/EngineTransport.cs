namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>What carries a session's packets: HTTP long-polling or a WebSocket.</summary>
internal abstract class EngineTransport
{
    public const string PollingName = "polling";
    public const string WebSocketName = "websocket";

    public abstract string Name { get; }

    /// <summary>The session is gone: end pending requests, close the socket (bounded in time).</summary>
    public abstract void OnSessionTerminated();
}
