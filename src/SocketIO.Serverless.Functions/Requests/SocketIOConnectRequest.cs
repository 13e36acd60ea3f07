using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// A client asks to join a namespace (Socket.IO's connection middleware and <c>io.on('connection')</c> moment).
/// The socket exists only if the function accepts. Set <c>Socket.Data</c> here to give the socket its <c>socket.data</c>.
/// </summary>
public sealed class SocketIOConnectRequest : SocketIORequest
{
    internal SocketIOConnectRequest(SocketIOSocket socket, string cloudEventType, string? cloudEventId, SocketIOHandshake handshake, bool recovered = false)
        : base(socket, "connect", cloudEventType, cloudEventId)
    {
        Handshake = handshake;
        Recovered = recovered;
    }

    /// <summary>
    /// True when the socket is coming back with its id, rooms and data (connection state recovery with the
    /// gateway's <c>SkipMiddlewares</c> off; with it on, no connect is sent for a recovered socket).
    /// </summary>
    public bool Recovered { get; }

    /// <summary>Socket.IO's <c>socket.handshake</c>: headers, query, <c>auth</c>, address, claims.</summary>
    public SocketIOHandshake Handshake { get; }

    /// <summary>Accepts the socket.</summary>
    public SocketIOResult Accept() => new(this, StatusCodes.Status200OK, body: null, contentType: null);

    /// <summary>
    /// Refuses the socket: the client's <c>connect_error</c> handler gets an error whose <c>message</c> is
    /// <paramref name="message"/> and whose <c>data</c> is <paramref name="data"/> (serialized as JSON).
    /// </summary>
    public SocketIOResult Reject(string message, object? data = null, int statusCode = StatusCodes.Status401Unauthorized)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (statusCode is >= 200 and < 300)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A rejection needs a non-2xx status.");
        }

        var body = JsonSerializer.Serialize(new ConnectError(message, data), Socket.SerializerOptions);
        return new SocketIOResult(this, statusCode, body, "application/json; charset=utf-8");
    }

    public static new async Task<SocketIOConnectRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOConnectRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    public static new async Task<SocketIOConnectRequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOConnectRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    private sealed record ConnectError(string Message, object? Data);
}
