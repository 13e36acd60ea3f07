using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Protocol.SocketIO;

namespace SocketIO.Serverless.Gateway.SocketIO;

/// <summary>The Socket.IO layer's log messages (source-generated, so a disabled level costs nothing).</summary>
internal static partial class SocketIOLog
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO connection {ConnectionId} opened on hub {Hub}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string hub);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO connection {ConnectionId} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Connection {ConnectionId} sent a malformed packet ({Error}); closing it")]
    public static partial void ParseError(ILogger logger, string connectionId, SocketParseError error);

    [LoggerMessage(4, LogLevel.Information, "Connection {ConnectionId} joined no namespace within {ConnectTimeout} ms; closing it")]
    public static partial void ConnectTimedOut(ILogger logger, string connectionId, int connectTimeout);

    [LoggerMessage(5, LogLevel.Debug, "Connection {ConnectionId} asked for unknown namespace {Namespace}")]
    public static partial void UnknownNamespace(ILogger logger, string connectionId, string @namespace);

    [LoggerMessage(6, LogLevel.Information, "Socket {SocketId} connected to {Namespace} over connection {ConnectionId}")]
    public static partial void SocketConnected(ILogger logger, string socketId, string @namespace, string connectionId);

    [LoggerMessage(7, LogLevel.Information, "Socket {SocketId} of {Namespace} was refused: {Message}")]
    public static partial void SocketRejected(ILogger logger, string socketId, string @namespace, string? message);

    [LoggerMessage(8, LogLevel.Information, "Socket {SocketId} disconnected from {Namespace}: {Reason}")]
    public static partial void SocketDisconnected(ILogger logger, string socketId, string @namespace, string reason);

    [LoggerMessage(9, LogLevel.Warning, "Connection {ConnectionId} sent {PacketType} for {Namespace}, which the namespace's state does not allow (a CONNECT for a namespace already joined, or a server-only packet); closing it")]
    public static partial void InvalidState(ILogger logger, string connectionId, SocketPacketType packetType, string @namespace);

    [LoggerMessage(10, LogLevel.Debug, "Dropped {PacketType} for {Namespace} from connection {ConnectionId}: no socket there (it was disconnected)")]
    public static partial void StrayPacket(ILogger logger, string connectionId, SocketPacketType packetType, string @namespace);

    [LoggerMessage(11, LogLevel.Error, "The application failed on connect of socket {SocketId} to {Namespace}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string socketId, string @namespace);

    [LoggerMessage(12, LogLevel.Error, "The application failed on event {EventName} of socket {SocketId} in {Namespace}")]
    public static partial void EventFailed(ILogger logger, Exception exception, string? eventName, string socketId, string @namespace);

    [LoggerMessage(13, LogLevel.Error, "The application failed on {Stage} of socket {SocketId} in {Namespace}")]
    public static partial void LifecycleFailed(ILogger logger, Exception exception, string stage, string socketId, string @namespace);

    [LoggerMessage(14, LogLevel.Debug, "Socket {SocketId} in {Namespace} has {Events} events ({Bytes} bytes) waiting for the application; reading from its connection pauses")]
    public static partial void ReceivingPaused(ILogger logger, string socketId, string @namespace, int events, long bytes);

    [LoggerMessage(15, LogLevel.Debug, "Socket {SocketId} in {Namespace} acknowledged unknown or expired ack id {AckId}")]
    public static partial void UnknownAck(ILogger logger, string socketId, string @namespace, long? ackId);

    [LoggerMessage(16, LogLevel.Information, "Socket {SocketId} in {Namespace} did not acknowledge {EventName} within {Timeout} ms")]
    public static partial void AckTimedOut(ILogger logger, string socketId, string @namespace, string? eventName, double timeout);

    [LoggerMessage(17, LogLevel.Information, "Shutting down: closing {Count} Socket.IO connections")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(18, LogLevel.Warning, "Shutdown: {Count} sockets were still being handled when the shutdown time ran out")]
    public static partial void ShutdownIncomplete(ILogger logger, int count);

    [LoggerMessage(19, LogLevel.Debug, "Could not queue a packet to connection {ConnectionId}: it is closed or its send buffer is full")]
    public static partial void SendRefused(ILogger logger, string connectionId);

    [LoggerMessage(20, LogLevel.Error, "Handling a message of connection {ConnectionId} failed; closing it")]
    public static partial void MessageFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(30, LogLevel.Information, "Connection {ConnectionId} left a binary packet without its attachments for {AttachmentTimeout} ms; closing it")]
    public static partial void AttachmentsTimedOut(ILogger logger, string connectionId, int attachmentTimeout);

    [LoggerMessage(31, LogLevel.Debug, "Socket {SocketId} in {Namespace} caught up with its events; reading from its connection resumes")]
    public static partial void ReceivingResumed(ILogger logger, string socketId, string @namespace);

    [LoggerMessage(32, LogLevel.Debug, "Socket {SocketId} in {Namespace} left ({Reason}) with {Count} events not handled yet; they are dropped")]
    public static partial void EventsDroppedAtClose(ILogger logger, string socketId, string @namespace, int count, string reason);
}
