using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>The socket joined its namespace (Socket.IO's <c>io.on('connection')</c>). The client does not wait for this.</summary>
public sealed class SocketIOConnectedRequest : SocketIORequest
{
    internal SocketIOConnectedRequest(SocketIOSocket socket, string cloudEventType, string? cloudEventId, bool recovered)
        : base(socket, "connected", cloudEventType, cloudEventId)
    {
        Recovered = recovered;
    }

    /// <summary>
    /// Socket.IO's <c>socket.recovered</c>: true when the socket dropped and came back with its id, rooms and
    /// <c>socket.data</c> (the gateway's connection state recovery, docs/recovery.md); it then missed nothing.
    /// </summary>
    public bool Recovered { get; }

    public static new async Task<SocketIOConnectedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOConnectedRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    public static new async Task<SocketIOConnectedRequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOConnectedRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));
}
