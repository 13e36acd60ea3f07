using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ChatFunctions;

/// <summary>The life of a socket of "/": <c>io.on('connection')</c> and <c>socket.on('disconnect')</c>, logged as the seed does.</summary>
public sealed partial class LifecycleFunctions(ILogger<LifecycleFunctions> logger)
{
    // The main namespace is open: every socket is accepted.
    [Function("connect")]
    public IActionResult Connect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/connect")] HttpRequest req, SocketIOConnectRequest connect) =>
        connect.Accept();

    // connected and disconnected share their URL with any user event of the same name; ce-type tells them apart.
    [Function("connected")]
    public IActionResult Connected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/connected")] HttpRequest req, SocketIOConnectedRequest connected)
    {
        LogConnected(logger, connected.SocketId);
        return connected.Done();
    }

    [Function("disconnected")]
    public IActionResult Disconnected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/disconnected")] HttpRequest req, SocketIODisconnectedRequest disconnected)
    {
        LogDisconnected(logger, disconnected.SocketId, disconnected.Reason);
        return disconnected.Done();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "客户端连接: {SocketId}")]
    private static partial void LogConnected(ILogger logger, string socketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "客户端断开连接: {SocketId} ({Reason})")]
    private static partial void LogDisconnected(ILogger logger, string socketId, string reason);
}
