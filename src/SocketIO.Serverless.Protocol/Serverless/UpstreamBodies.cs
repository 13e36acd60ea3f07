using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Serverless.Protocol.Serverless;

/// <summary>
/// Body of the blocking <c>connect</c> event (JSON). <c>claims</c>, <c>query</c>, <c>headers</c> and
/// <c>clientCertificates</c> are Web PubSub's; <c>auth</c> (the CONNECT packet's payload, Socket.IO's
/// <c>handshake.auth</c>), <c>address</c>, <c>url</c>, <c>secure</c> and <c>time</c> are the project's extensions.
/// </summary>
public sealed class ConnectEventRequest
{
    /// <summary>Claims of the client's access token (<c>access_token</c> query) when it had a valid one.</summary>
    [JsonPropertyName("claims")]
    public Dictionary<string, string[]> Claims { get; set; } = [];

    [JsonPropertyName("query")]
    public Dictionary<string, string[]> Query { get; set; } = [];

    [JsonPropertyName("headers")]
    public Dictionary<string, string[]> Headers { get; set; } = [];

    [JsonPropertyName("clientCertificates")]
    public List<ClientCertificateInfo> ClientCertificates { get; set; } = [];

    /// <summary>The CONNECT packet's payload (an object), or null when the client sent none.</summary>
    [JsonPropertyName("auth")]
    public JsonElement? Auth { get; set; }

    /// <summary>The client's IP address as the gateway saw it.</summary>
    [JsonPropertyName("address")]
    public string? Address { get; set; }

    /// <summary>The URL of the request that opened the Engine.IO session.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>Whether that request came over TLS.</summary>
    [JsonPropertyName("secure")]
    public bool Secure { get; set; }

    /// <summary>When the Engine.IO session was opened (ISO 8601).</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    /// <summary>
    /// True for a socket that came back with its id, rooms and data (connection state recovery, with the gateway's
    /// <c>SkipMiddlewares</c> off: otherwise no connect is sent for it). Absent otherwise. The project's extension.
    /// </summary>
    [JsonPropertyName("recovered")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Recovered { get; set; }
}

/// <summary>
/// Body of the non-blocking <c>connected</c> event: <c>{}</c>, or <c>{"recovered":true}</c> for a socket that came
/// back with its id, rooms and data (connection state recovery, the project's extension).
/// </summary>
public sealed class ConnectedEventRequest
{
    [JsonPropertyName("recovered")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Recovered { get; set; }
}

public sealed class ClientCertificateInfo
{
    [JsonPropertyName("thumbprint")]
    public string? Thumbprint { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }
}

/// <summary>
/// Body a connect handler may return with a non-2xx status: it becomes the client's <c>connect_error</c>
/// (<c>err.message</c>, <c>err.data</c>). The project's extension; the managed service only uses the status.
/// </summary>
public sealed class ConnectErrorResponse
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }
}

/// <summary>Body of the non-blocking <c>disconnected</c> event: Socket.IO's reason, e.g. "client namespace disconnect".</summary>
public sealed class DisconnectedEventRequest
{
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}
