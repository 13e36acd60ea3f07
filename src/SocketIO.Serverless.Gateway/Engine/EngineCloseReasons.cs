namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>Why a session ended, named as Socket.IO names its disconnect reasons.</summary>
public static class EngineCloseReasons
{
    /// <summary>The client closed the connection or sent a <c>close</c> packet.</summary>
    public const string TransportClose = "transport close";

    /// <summary>The transport failed: aborted poll, overlapping requests, oversized payload, full send buffer.</summary>
    public const string TransportError = "transport error";

    /// <summary>The client sent a packet the codec could not decode.</summary>
    public const string ParseError = "parse error";

    /// <summary>No <c>pong</c> within <see cref="EngineOptions.PingTimeout"/> of a <c>ping</c>.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>The server closed the session (<see cref="IEngineConnection.Close"/>).</summary>
    public const string ForcedClose = "forced close";

    /// <summary>The host is stopping.</summary>
    public const string ServerShuttingDown = "server shutting down";
}
