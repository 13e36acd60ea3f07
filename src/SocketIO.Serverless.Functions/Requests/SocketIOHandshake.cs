using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIO.Serverless.Functions;

/// <summary>Socket.IO's <c>socket.handshake</c>: what the client sent when it connected to the namespace.</summary>
public sealed class SocketIOHandshake
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty = new Dictionary<string, IReadOnlyList<string>>();

    internal SocketIOHandshake(
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? query,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? claims,
        JsonObject? auth,
        string? address,
        IReadOnlyList<SocketIOClientCertificate>? clientCertificates)
    {
        Headers = headers ?? Empty;
        Query = query ?? Empty;
        Claims = claims ?? Empty;
        Auth = auth;
        Address = address;
        ClientCertificates = clientCertificates ?? [];
    }

    /// <summary>The HTTP headers of the request that opened the connection (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The query string parameters of that request.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; }

    /// <summary>The claims of the client's access token, when the service authenticated it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Claims { get; }

    /// <summary>The CONNECT packet's payload, <c>socket.handshake.auth</c> (<c>io(url, { auth: {...} })</c>); null when none was sent.</summary>
    public JsonObject? Auth { get; }

    /// <summary>The client's IP address, when known.</summary>
    public string? Address { get; }

    public IReadOnlyList<SocketIOClientCertificate> ClientCertificates { get; }

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => First(Headers, name);

    /// <summary>The first value of query parameter <paramref name="name"/>, or null.</summary>
    public string? QueryValue(string name) => First(Query, name);

    /// <summary><c>socket.handshake.auth[name]</c> when it is a string, else null (<c>Auth.token</c> in the seed's middleware).</summary>
    public string? AuthString(string name) =>
        Auth?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string>> values, string name) =>
        values.TryGetValue(name, out var list) && list.Count > 0 ? list[0] : null;
}

/// <summary>A client certificate the service saw (mutual TLS), as its thumbprint and content.</summary>
public sealed record SocketIOClientCertificate(string? Thumbprint, string? Content);
