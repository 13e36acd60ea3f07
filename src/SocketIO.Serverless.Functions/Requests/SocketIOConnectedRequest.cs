using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>The socket joined its namespace (Socket.IO's <c>io.on('connection')</c>). The client does not wait for this.</summary>
public sealed class SocketIOConnectedRequest : SocketIORequest
{
    internal SocketIOConnectedRequest(SocketIOSocket socket, string cloudEventType, string? cloudEventId)
        : base(socket, "connected", cloudEventType, cloudEventId)
    {
    }

    public static new async Task<SocketIOConnectedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOConnectedRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    public static new async Task<SocketIOConnectedRequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default) =>
        Expect<SocketIOConnectedRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));
}
