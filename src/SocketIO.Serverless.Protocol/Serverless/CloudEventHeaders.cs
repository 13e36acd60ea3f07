namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// HTTP header names of the upstream requests: CloudEvents in binary mode with Web PubSub's attribute extension,
/// as Web PubSub for Socket.IO's serverless mode sends them. Header names are case-insensitive on the wire.
/// </summary>
public static class CloudEventHeaders
{
    public const string SpecVersion = "ce-specversion";
    public const string Type = "ce-type";
    public const string Source = "ce-source";
    public const string Id = "ce-id";
    public const string Time = "ce-time";
    public const string Hub = "ce-hub";
    public const string EventName = "ce-eventName";
    public const string ConnectionId = "ce-connectionId";
    public const string Namespace = "ce-namespace";
    public const string SocketId = "ce-socketId";
    public const string UserId = "ce-userId";
    public const string Signature = "ce-signature";

    /// <summary>
    /// Per-socket state (Socket.IO's <c>socket.data</c>): set by a handler in a response header, echoed by the gateway
    /// in the request header of every later event of that socket. Opaque to the gateway; the SDK writes base64(JSON).
    /// </summary>
    public const string ConnectionState = "ce-connectionState";

    /// <summary>CloudEvents webhook validation: always sent with the gateway's host name.</summary>
    public const string WebHookRequestOrigin = "WebHook-Request-Origin";

    /// <summary>The CloudEvents spec version the gateway sends.</summary>
    public const string SpecVersionValue = "1.0";

    /// <summary>The <c>ce-source</c> value for a connection: <c>/hubs/{hub}/client/{connectionId}</c>.</summary>
    public static string SourceFor(string hub, string connectionId) => $"/hubs/{hub}/client/{connectionId}";
}

/// <summary>The <c>ce-type</c> values and the system event names (<c>ce-eventName</c>) of the upstream.</summary>
public static class CloudEventTypes
{
    public const string Connect = "azure.webpubsub.sys.connect";
    public const string Connected = "azure.webpubsub.sys.connected";
    public const string Disconnected = "azure.webpubsub.sys.disconnected";

    /// <summary>A client's Socket.IO event; <c>ce-eventName</c> carries the event's name.</summary>
    public const string UserMessage = "azure.webpubsub.user.message";

    public const string ConnectEventName = "connect";
    public const string ConnectedEventName = "connected";
    public const string DisconnectedEventName = "disconnected";

    /// <summary>Whether <paramref name="type"/> is one of the system events (connect, connected, disconnected).</summary>
    public static bool IsSystem(string? type) => type is Connect or Connected or Disconnected;
}
