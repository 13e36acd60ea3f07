using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Adapters.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "Scale-out over Redis at {Endpoints} (channels '{Prefix}#...'); this gateway is instance {InstanceId}")]
    public static partial void Started(ILogger logger, string endpoints, string prefix, string instanceId);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning,
        Message = "Lost the connection to Redis ({FailureType}, {Endpoint}): local deliveries go on, cross-gateway operations fail until it is back: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string failureType, string? endpoint, string? reason);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information,
        Message = "The connection to Redis is back ({Endpoint}): cross-gateway operations work again")]
    public static partial void ConnectionRestored(ILogger logger, string? endpoint);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning,
        Message = "Cross-gateway {Operation} failed, Redis is unreachable: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning,
        Message = "Cross-gateway {Operation} timed out: {Answered} of {Expected} gateways answered within {Timeout} ms")]
    public static partial void RequestTimedOut(ILogger logger, string operation, int answered, int expected, int timeout);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning,
        Message = "A message on Redis channel {Channel} could not be read and was dropped: {Reason}")]
    public static partial void BadMessage(ILogger logger, string channel, string reason);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Error,
        Message = "Handling cross-gateway {Operation} from gateway {Origin} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, ClusterOperation operation, string origin);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Information,
        Message = "Gateway instance {InstanceId} is stopping: its rows are removed at once ({Count} sockets)")]
    public static partial void Leaving(ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 4308, Level = LogLevel.Warning,
        Message = "Removing this gateway's rows on shutdown failed; other gateways remove them once its heartbeat expires: {Reason}")]
    public static partial void LeavingFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4309, Level = LogLevel.Warning,
        Message = "The subscription to Redis channel {Channel} was not confirmed within {Timeout} ms; sockets are admitted anyway and broadcasts from other gateways reach them once it is active")]
    public static partial void SubscriptionUnconfirmed(ILogger logger, string channel, int timeout);
}
