namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>
/// Options of the Engine.IO server, bound from the <c>Engine</c> configuration section. Times are in
/// milliseconds and the defaults are those of the reference Node.js engine.io v6 server.
/// </summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>How often the server sends a <c>ping</c> packet.</summary>
    public int PingInterval { get; set; } = 25_000;

    /// <summary>How long after a <c>ping</c> the server waits for the <c>pong</c> before closing with "ping timeout".</summary>
    public int PingTimeout { get; set; } = 20_000;

    /// <summary>
    /// The largest polling POST body and the largest WebSocket message, in bytes (the handshake's <c>maxPayload</c>).
    /// A bigger POST is answered 413 and a bigger WebSocket message closes the session, both as "transport error".
    /// </summary>
    public long MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>How long a client has to complete an upgrade (probe, then <c>upgrade</c>) before it is cancelled.</summary>
    public int UpgradeTimeout { get; set; } = 10_000;

    /// <summary>Whether polling sessions are offered the upgrade to WebSocket.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>The transports clients may use.</summary>
    public EngineTransports Transports { get; set; } = EngineTransports.Polling | EngineTransports.WebSocket;

    /// <summary>Cross-origin access for browsers; none by default, as the reference server.</summary>
    public EngineCorsOptions Cors { get; set; } = new();

    /// <summary>
    /// The most messages a session may have waiting to be written to its client. When a slow client lets its
    /// buffer reach this (or <see cref="MaxBufferedBytes"/>), the session is closed with "transport error" and
    /// its buffer dropped, so one slow client cannot exhaust the server's memory.
    /// </summary>
    public int MaxBufferedMessages { get; set; } = 10_000;

    /// <summary>The most payload bytes (text characters and binary bytes) a session may have waiting; see <see cref="MaxBufferedMessages"/>.</summary>
    public long MaxBufferedBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// How long a polling session being closed by the server waits for the client's next GET to deliver its last
    /// messages and the <c>close</c> packet (the reference server waits 30 s).
    /// </summary>
    public int CloseTimeout { get; set; } = 30_000;

    /// <summary>
    /// On host shutdown, how long sessions get to receive their last messages and the close before they are cut
    /// (bounds the time the process takes to exit).
    /// </summary>
    public int ShutdownTimeout { get; set; } = 5_000;

    /// <summary>When set (e.g. <c>/engine.io/</c>), <c>MapEngineEcho()</c> mounts a raw Engine.IO echo endpoint there. Off by default.</summary>
    public string? EchoPath { get; set; }
}

/// <summary>The Engine.IO transports.</summary>
[Flags]
public enum EngineTransports
{
    None = 0,
    Polling = 1,
    WebSocket = 2,
}

/// <summary>CORS for the Engine.IO endpoints.</summary>
public sealed class EngineCorsOptions
{
    /// <summary>Allowed origins, e.g. <c>https://app.example.com</c>; <c>*</c> allows any. Empty: no CORS headers.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>Whether to send <c>Access-Control-Allow-Credentials: true</c> (with <c>*</c>, the request's origin is echoed).</summary>
    public bool Credentials { get; set; }
}
