using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ChatFunctions;

/// <summary>
/// The seed's <c>io.of('/admin')</c>: sockets that passed <see cref="AdminAuthMiddleware"/> get <c>socket.data.username</c>
/// from their token, and may send <c>admin command</c>.
/// </summary>
public sealed partial class AdminFunctions(IOptionsMonitor<AdminOptions> options, ILogger<AdminFunctions> logger)
{
    public const string Namespace = "/admin";

    // io.of('/admin').on('connection', socket => { socket.data.username = getUserName(socket.handshake.auth.token); })
    [Function("admin_connect")]
    public IActionResult Connect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/admin/connect")] HttpRequest req, SocketIOConnectRequest connect)
    {
        connect.Socket.Data["username"] = options.CurrentValue.UserOf(connect.Handshake.AuthString("token"));
        return connect.Accept();
    }

    [Function("admin_connected")]
    public IActionResult Connected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/admin/connected")] HttpRequest req, SocketIOConnectedRequest connected)
    {
        LogAdminConnected(logger, connected.SocketId, (string?)connected.Socket.Data["username"]);
        return connected.Done();
    }

    [Function("admin_disconnected")]
    public IActionResult Disconnected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/admin/disconnected")] HttpRequest req, SocketIODisconnectedRequest disconnected)
    {
        LogAdminDisconnected(logger, disconnected.SocketId, disconnected.Reason);
        return disconnected.Done();
    }

    // socket.on('admin command', (command, ack) => ack({ ok: true, user: socket.data.username, command }))
    [Function("admin_command")]
    public IActionResult AdminCommand([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/admin/admin command")] HttpRequest req, SocketIOEvent ev)
    {
        var command = ev.Arg<System.Text.Json.JsonElement>(0);
        var user = (string?)ev.Socket.Data["username"];
        LogAdminCommand(logger, user, command.ValueKind == System.Text.Json.JsonValueKind.Undefined ? string.Empty : command.GetRawText());
        return ev.Ack(new { ok = true, user, command });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "管理员连接: {SocketId} ({User})")]
    private static partial void LogAdminConnected(ILogger logger, string socketId, string? user);

    [LoggerMessage(Level = LogLevel.Information, Message = "管理员断开连接: {SocketId} ({Reason})")]
    private static partial void LogAdminDisconnected(ILogger logger, string socketId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "管理员命令: {User} {Command}")]
    private static partial void LogAdminCommand(ILogger logger, string? user, string command);
}
