using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// One invocation from the gateway (or Web PubSub for Socket.IO): a socket connecting, connected, disconnected,
/// or one of its events. Read it from the trigger's HTTP request with <c>ReadAsync</c>, or take it as a function
/// parameter (the SDK's input converter reads it). Answer with one of the result methods.
/// </summary>
public abstract class SocketIORequest
{
    private protected SocketIORequest(SocketIOSocket socket, string eventName, string cloudEventType, string? cloudEventId)
    {
        Socket = socket;
        EventName = eventName;
        CloudEventType = cloudEventType;
        CloudEventId = cloudEventId;
    }

    /// <summary>The socket this request is about: its id, namespace, <c>socket.data</c>, and the server API acting on it.</summary>
    public SocketIOSocket Socket { get; }

    /// <summary><c>connect</c>, <c>connected</c>, <c>disconnected</c>, or the client event's name.</summary>
    public string EventName { get; }

    /// <summary>The CloudEvents type, e.g. <c>azure.webpubsub.user.message</c>.</summary>
    public string CloudEventType { get; }

    /// <summary>The CloudEvents id, unique per request (useful to spot retries).</summary>
    public string? CloudEventId { get; }

    public string Hub => Socket.Hub;

    public string Namespace => Socket.Namespace;

    public string SocketId => Socket.Id;

    public string ConnectionId => Socket.ConnectionId;

    /// <summary>Answers without content (204): nothing to send back, <c>socket.data</c> changes are kept.</summary>
    public SocketIOResult Done() => new(this, StatusCodes.Status204NoContent, body: null, contentType: null);

    /// <summary>Reads the request (any kind) from an ASP.NET Core integration trigger.</summary>
    public static Task<SocketIORequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        SocketIORequestReader.For(request).ReadAsync(request, cancellationToken);

    /// <summary>Reads the request (any kind) from an <see cref="HttpRequestData"/> trigger.</summary>
    public static Task<SocketIORequest> ReadAsync(HttpRequestData request, CancellationToken cancellationToken = default) =>
        SocketIORequestReader.For(request).ReadAsync(request, cancellationToken);

    private protected static T Expect<T>(SocketIORequest request)
        where T : SocketIORequest =>
        request as T ?? throw new SocketIORequestException(
            $"The function expected a Socket.IO {typeof(T).Name} but received '{request.CloudEventType}' ({request.EventName}): check the function's route.",
            StatusCodes.Status400BadRequest);
}
