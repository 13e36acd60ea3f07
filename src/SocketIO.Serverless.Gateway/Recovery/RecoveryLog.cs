using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Recovery;

/// <summary>Log messages of connection state recovery (event ids 44xx).</summary>
internal static partial class RecoveryLog
{
    [LoggerMessage(EventId = 4400, Level = LogLevel.Debug, Message = "Socket {SocketId} of {Namespace} dropped ({Reason}): its session is kept for {MaxDisconnectionDuration} ms")]
    public static partial void SessionKept(ILogger logger, string socketId, string @namespace, string reason, int maxDisconnectionDuration);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Debug, Message = "Socket {SocketId} of {Namespace} recovered in {Rooms} rooms with {Missed} missed packets")]
    public static partial void Recovered(ILogger logger, string socketId, string @namespace, int rooms, int missed);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Debug, Message = "A client of {Namespace} asked to recover a session that is {Why}: it connects as a new socket")]
    public static partial void NotRecovered(ILogger logger, string @namespace, string why);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Sessions of {Namespace} cannot be read ({Error}): the client connects as a new socket")]
    public static partial void StoreUnavailable(ILogger logger, string @namespace, string error);

    [LoggerMessage(EventId = 4404, Level = LogLevel.Warning, Message = "The session of socket {SocketId} of {Namespace} could not be kept ({Error}): it will not recover")]
    public static partial void SaveFailed(ILogger logger, string socketId, string @namespace, string error);
}
