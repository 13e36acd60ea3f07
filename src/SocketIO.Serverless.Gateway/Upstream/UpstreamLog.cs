using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Upstream;

internal static partial class UpstreamLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Upstream {EventType} '{EventName}' of socket {SocketId} in namespace {Namespace} (connection {ConnectionId}) failed: {Failure} {Detail}")]
    public static partial void InvocationFailed(ILogger logger, string eventType, string eventName, string socketId, string @namespace, string connectionId, string failure, string detail, Exception? exception);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug,
        Message = "No function for event '{EventName}' of socket {SocketId} in namespace {Namespace} (404 from {Url}): dropped like an event without a listener")]
    public static partial void NoHandler(ILogger logger, string eventName, string socketId, string @namespace, Uri url);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Connect of socket {SocketId} to namespace {Namespace} rejected by the function (HTTP {Status}): {Message}")]
    public static partial void ConnectRejected(ILogger logger, string socketId, string @namespace, int status, string message);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Socket {SocketId} in namespace {Namespace}: ce-connectionState of {Length} characters exceeds {Limit}; the previous state is kept")]
    public static partial void StateTooLarge(ILogger logger, string socketId, string @namespace, int length, int limit);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Function answered event '{EventName}' of socket {SocketId} (no ack requested) with a body; ignored")]
    public static partial void UnexpectedBody(ILogger logger, string eventName, string socketId);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug,
        Message = "Function answered event '{EventName}' of socket {SocketId} without an ack although one was requested")]
    public static partial void MissingAck(ILogger logger, string eventName, string socketId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug,
        Message = "The access_token of connection {ConnectionId} is not a valid token signed with the access key ({Reason}); its claims are not forwarded")]
    public static partial void InvalidClientToken(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug,
        Message = "No connect function for namespace {Namespace} (404 from {Url}): socket {SocketId} {Outcome}")]
    public static partial void NoConnectHandler(ILogger logger, string @namespace, Uri url, string socketId, string outcome);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Debug,
        Message = "Event '{EventName}' of socket {SocketId} in namespace {Namespace} has no function URL ({Refusal}): dropped like an event without a listener")]
    public static partial void NameRefused(ILogger logger, string eventName, string socketId, string @namespace, string refusal);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Debug,
        Message = "Upstream {EventType} '{EventName}' of socket {SocketId} in namespace {Namespace} cancelled: the socket went away")]
    public static partial void Cancelled(ILogger logger, string eventType, string eventName, string socketId, string @namespace);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning,
        Message = "Shutdown: {Count} connected/disconnected notifications were still on their way to the functions and are abandoned")]
    public static partial void NotificationsAbandoned(ILogger logger, int count);
}
