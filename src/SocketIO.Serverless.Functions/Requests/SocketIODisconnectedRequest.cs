using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>The socket left its namespace (Socket.IO's <c>socket.on('disconnect', reason => ...)</c>).</summary>
public sealed class SocketIODisconnectedRequest : SocketIORequest
{
    internal SocketIODisconnectedRequest(SocketIOSocket socket, string cloudEventType, string? cloudEventId, string reason)
        : base(socket, "disconnected", cloudEventType, cloudEventId)
    {
        Reason = reason;
    }

    /// <summary>Socket.IO's reason: <c>client namespace disconnect</c>, <c>transport close</c>, <c>ping timeout</c>, ...</summary>
    public string Reason { get; }

    public static new async Task<SocketIODisconnectedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        Expect<SocketIODisconnectedRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));

    public static new async Task<SocketIODisconnectedRequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default) =>
        Expect<SocketIODisconnectedRequest>(await SocketIORequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));
}
