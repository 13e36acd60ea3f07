using Microsoft.Extensions.Logging;

namespace SocketIO.Serverless.Gateway.Engine;

/// <summary>The engine's log messages (source-generated).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Engine.IO session {Sid} opened over {Transport} from {RemoteAddress}")]
    public static partial void SessionOpened(ILogger logger, string sid, string transport, string? remoteAddress);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Engine.IO session {Sid} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string sid, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Engine.IO request refused with {Status} (code {Code}, {Detail}): {Method} {Url}")]
    public static partial void RequestRefused(ILogger logger, int status, int code, string detail, string method, string url);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Engine.IO session {Sid} upgraded to websocket")]
    public static partial void Upgraded(ILogger logger, string sid);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Engine.IO session {Sid}: upgrade cancelled ({Why})")]
    public static partial void UpgradeCancelled(ILogger logger, string sid, string why);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Engine.IO session {Sid}: invalid packet ({Error}), closing")]
    public static partial void ParseError(ILogger logger, string sid, Protocol.EngineIO.EngineParseError error);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Engine.IO session {Sid}: send buffer full ({Messages} messages, {Bytes} bytes), closing the slow client")]
    public static partial void SendBufferFull(ILogger logger, string sid, int messages, long bytes);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "Engine.IO application failed in {Callback} for session {Sid}")]
    public static partial void ApplicationFailed(ILogger logger, Exception exception, string callback, string sid);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "Engine.IO session {Sid}: transport failed")]
    public static partial void TransportFailed(ILogger logger, Exception exception, string sid);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Engine.IO shutting down: closing {Count} sessions")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Engine.IO shutdown: {Count} sessions did not close in time and were cut")]
    public static partial void ShutdownCut(ILogger logger, int count);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "Engine.IO shutdown handler {Handler} failed")]
    public static partial void ShutdownHandlerFailed(ILogger logger, Exception exception, string handler);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Engine.IO endpoint mapped at {Pattern} ({Application})")]
    public static partial void EndpointMapped(ILogger logger, string pattern, string application);
}
