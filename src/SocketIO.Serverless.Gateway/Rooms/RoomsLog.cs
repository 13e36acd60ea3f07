using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Rooms;

internal static partial class RoomsLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information,
        Message = "Rooms are kept in table '{Table}' at {Endpoint}; this gateway is instance {InstanceId}")]
    public static partial void Started(ILogger logger, string table, Uri endpoint, string instanceId);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "Rows of socket {SocketId} in namespace {Namespace} could not be written ({Operation}); memory is right and the rows are repaired when storage answers: {Reason}")]
    public static partial void WriteDeferred(ILogger logger, string socketId, string @namespace, string operation, string reason);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "A {Operation} in namespace {Namespace} failed and changed nothing: {Reason}")]
    public static partial void ChangeFailed(ILogger logger, string operation, string @namespace, string reason);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information,
        Message = "Removed the rows of gateway instance {InstanceId} ({Why}): {Count} sockets")]
    public static partial void InstanceRemoved(ILogger logger, string instanceId, string why, int count);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning,
        Message = "Rooms table maintenance ({Step}) failed; it runs again in {Interval} ms: {Reason}")]
    public static partial void MaintenanceFailed(ILogger logger, string step, int interval, string reason);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning,
        Message = "This gateway's heartbeat row was gone (another gateway took it for dead and removed its rows): writing its {Count} sockets again")]
    public static partial void Resurrected(ILogger logger, int count);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information,
        Message = "Rooms storage answers again: repaired the rows of {Count} sockets")]
    public static partial void Repaired(ILogger logger, int count);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Error,
        Message = "Rooms table maintenance ({Step}) failed unexpectedly; it runs again next round")]
    public static partial void MaintenanceCrashed(ILogger logger, Exception exception, string step);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Information,
        Message = "Rooms storage answers: this gateway's start step (the table, its previous run's rows, its heartbeat) is done; writing its {Count} sockets again")]
    public static partial void StartedLate(ILogger logger, int count);
}
