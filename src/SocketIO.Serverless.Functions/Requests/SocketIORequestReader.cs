using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Protocol.Serverless;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Reads upstream requests into <see cref="SocketIORequest"/>s: checks the <c>ce-signature</c>, decodes the
/// headers, the body and <c>socket.data</c>, and binds the socket to the server API. A request is read once per
/// invocation; later reads (middleware, then the function) get the same object.
/// </summary>
public sealed class SocketIORequestReader
{
    private static readonly object CacheKey = typeof(SocketIORequest);
    private static readonly SocketIORequestReader Unconfigured = new(new SocketIOOptions(), server: null);

    private readonly SocketIOOptions _options;
    private readonly SocketIOServer? _server;
    private readonly string? _accessKey;

    public SocketIORequestReader(SocketIOOptions options, SocketIOServer? server)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _server = server;
        _accessKey = string.IsNullOrWhiteSpace(options.ConnectionString) ? null : ServiceConnectionString.Parse(options.ConnectionString).AccessKey;
    }

    public async Task<SocketIORequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.Items.TryGetValue(CacheKey, out var cached) && cached is SocketIORequest known)
        {
            return known;
        }

        var parsed = Parse(await UpstreamRequest.FromAsync(request, cancellationToken).ConfigureAwait(false));
        request.HttpContext.Items[CacheKey] = parsed;
        return parsed;
    }

    public async Task<SocketIORequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = request.FunctionContext.Items;
        if (items.TryGetValue(CacheKey, out var cached) && cached is SocketIORequest known)
        {
            return known;
        }

        var parsed = Parse(await UpstreamRequest.FromAsync(request, cancellationToken).ConfigureAwait(false));
        items[CacheKey] = parsed;
        return parsed;
    }

    /// <summary>Whether the request looks like an upstream invocation at all (it has a <c>ce-type</c> header).</summary>
    public static bool IsSocketIORequest(HttpRequest request) => request.Headers.ContainsKey(CloudEventHeaders.Type);

    internal static SocketIORequestReader For(HttpRequest request) =>
        request.HttpContext.RequestServices?.GetService<SocketIORequestReader>() ?? Unconfigured;

    internal static SocketIORequestReader For(HttpRequestData request) =>
        request.FunctionContext.InstanceServices?.GetService<SocketIORequestReader>() ?? Unconfigured;

    internal SocketIORequest Parse(UpstreamRequest request)
    {
        var type = Required(request, CloudEventHeaders.Type);
        var connectionId = Required(request, CloudEventHeaders.ConnectionId);
        if (_options.ValidateSignature && _accessKey is not null
            && !UpstreamSignature.IsValid(request.Header(CloudEventHeaders.Signature), connectionId, _accessKey))
        {
            throw new SocketIORequestException("The request's ce-signature does not match the configured access key.", StatusCodes.Status401Unauthorized);
        }

        var hub = request.Header(CloudEventHeaders.Hub) ?? _options.Hub;
        var socketId = Required(request, CloudEventHeaders.SocketId);
        var headerNamespace = Unescape(request.Header(CloudEventHeaders.Namespace) ?? SocketPacket.MainNamespace);
        var cloudEventId = request.Header(CloudEventHeaders.Id);
        var data = SocketIOSocketData.Decode(request.Header(CloudEventHeaders.ConnectionState));
        var userId = request.Header(CloudEventHeaders.UserId);

        SocketIOSocket Socket(string @namespace) =>
            new(_server?.ForHub(hub), hub, @namespace, socketId, connectionId, userId, data, _options.SerializerOptions);

        return type switch
        {
            CloudEventTypes.Connect => ReadConnect(Socket(headerNamespace), type, cloudEventId, request.Body),
            CloudEventTypes.Connected => new SocketIOConnectedRequest(Socket(headerNamespace), type, cloudEventId, ReadRecovered(request.Body)),
            CloudEventTypes.Disconnected => new SocketIODisconnectedRequest(Socket(headerNamespace), type, cloudEventId, ReadReason(request.Body)),
            CloudEventTypes.UserMessage => ReadEvent(request.Body, type, cloudEventId, headerNamespace, Socket),
            _ => throw new SocketIORequestException($"Unknown ce-type '{type}'."),
        };
    }

    private static SocketIOEvent ReadEvent(string body, string type, string? cloudEventId, string headerNamespace, Func<string, SocketIOSocket> socket)
    {
        if (!ServerlessPacketCodec.TryDecode(body, out var packet, out var error))
        {
            throw new SocketIORequestException(error);
        }

        if (!packet.IsEvent || packet.Data is not { ValueKind: JsonValueKind.Array } data || packet.EventName is not { } name)
        {
            throw new SocketIORequestException($"The body is a Socket.IO {packet.Type} packet, not an event.");
        }

        if (!string.Equals(packet.Namespace, headerNamespace, StringComparison.Ordinal))
        {
            throw new SocketIORequestException($"The packet's namespace '{packet.Namespace}' is not the request's ce-namespace '{headerNamespace}'.", StatusCodes.Status403Forbidden);
        }

        return new SocketIOEvent(socket(packet.Namespace), type, cloudEventId, name, SocketArguments.Of(packet), packet.Id);
    }

    private static SocketIOConnectRequest ReadConnect(SocketIOSocket socket, string type, string? cloudEventId, string body)
    {
        var (handshake, recovered) = ReadHandshake(body);
        return new SocketIOConnectRequest(socket, type, cloudEventId, handshake, recovered);
    }

    /// <summary>The connected body: <c>{}</c>, or <c>{"recovered":true}</c> for a socket that came back (connection state recovery).</summary>
    private static bool ReadRecovered(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            return JsonSerializer.Deserialize<ConnectedEventRequest>(body)?.Recovered ?? false;
        }
        catch (JsonException e)
        {
            throw new SocketIORequestException($"The connected body is not the expected JSON: {e.Message}", e);
        }
    }

    private static (SocketIOHandshake Handshake, bool Recovered) ReadHandshake(string body)
    {
        ConnectEventRequest? connect;
        try
        {
            connect = string.IsNullOrWhiteSpace(body) ? new ConnectEventRequest() : JsonSerializer.Deserialize<ConnectEventRequest>(body);
        }
        catch (JsonException e)
        {
            throw new SocketIORequestException($"The connect body is not the expected JSON: {e.Message}", e);
        }

        connect ??= new ConnectEventRequest();
        var auth = connect.Auth is { ValueKind: JsonValueKind.Object } element ? JsonObject.Create(element) : null;
        var address = connect.Address ?? FirstForwardedFor(connect.Headers);
        return (new SocketIOHandshake(
            ToLists(connect.Headers),
            ToLists(connect.Query),
            ToLists(connect.Claims),
            auth,
            address,
            connect.ClientCertificates.Select(c => new SocketIOClientCertificate(c.Thumbprint, c.Content)).ToList()), connect.Recovered);
    }

    private static string ReadReason(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<DisconnectedEventRequest>(body)?.Reason ?? string.Empty;
        }
        catch (JsonException e)
        {
            throw new SocketIORequestException($"The disconnected body is not the expected JSON: {e.Message}", e);
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> ToLists(Dictionary<string, string[]> values)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in values)
        {
            result[key] = list ?? [];
        }

        return result;
    }

    private static string? FirstForwardedFor(Dictionary<string, string[]> headers)
    {
        var forwarded = headers.FirstOrDefault(h => string.Equals(h.Key, "X-Forwarded-For", StringComparison.OrdinalIgnoreCase)).Value;
        return forwarded is { Length: > 0 } ? forwarded[0].Split(',')[0].Trim() : null;
    }

    private static string Required(UpstreamRequest request, string header) =>
        request.Header(header) is { Length: > 0 } value
            ? value
            : throw new SocketIORequestException($"The request has no {header} header: it is not a Socket.IO upstream request.");

    // The gateway percent-encodes header values outside printable ASCII (docs/upstream.md).
    private static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
