using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ConformanceFunctions;

/// <summary>
/// The reference server of the official Socket.IO v5 test suite, serverless. In Node it reads:
/// <code>
/// io.of("/").on("connection", socket => {
///   socket.emit("auth", socket.handshake.auth);
///   socket.on("message", (...args) => socket.emit("message-back", ...args));
///   socket.on("message-with-ack", (...args) => args.pop()(...args.slice(0, -1)));
/// });
/// io.of("/custom").on("connection", socket => socket.emit("auth", socket.handshake.auth));
/// </code>
/// Only the connect request carries <c>socket.handshake.auth</c>, and the socket exists only once it is accepted, so
/// connect keeps the auth payload in <c>socket.data</c> and connected (sent right after the client got CONNECT)
/// emits it.
/// </summary>
public sealed partial class ConformanceFunctions(ILogger<ConformanceFunctions> logger)
{
    private const string AuthKey = "handshakeAuth";

    [Function("connect")]
    public IActionResult Connect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/connect")] HttpRequest req, SocketIOConnectRequest connect) =>
        KeepAuth(connect);

    [Function("connected")]
    public Task<IActionResult> Connected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/connected")] HttpRequest req, SocketIOConnectedRequest connected)
    {
        // What the recovery end-to-end test reads (docs/recovery.md); the protocol suite does not look.
        LogConnected(logger, connected.SocketId, connected.Recovered);
        return EmitAuthAsync(connected);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "conformance connected {SocketId} recovered={Recovered}")]
    private static partial void LogConnected(ILogger logger, string socketId, bool recovered);

    [Function("custom_connect")]
    public IActionResult CustomConnect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/custom/connect")] HttpRequest req, SocketIOConnectRequest connect) =>
        KeepAuth(connect);

    [Function("custom_connected")]
    public Task<IActionResult> CustomConnected([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/custom/connected")] HttpRequest req, SocketIOConnectedRequest connected) =>
        EmitAuthAsync(connected);

    // socket.on("message", (...args) => socket.emit("message-back", ...args)): every argument, binary ones as binary.
    [Function("message")]
    public async Task<IActionResult> Message([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/message")] HttpRequest req, SocketIOEvent ev)
    {
        await ev.Socket.EmitAsync("message-back", EchoedArguments.Of(ev));
        return ev.Done();
    }

    // socket.on("message-with-ack", (...args, ack) => ack(...args))
    [Function("message_with_ack")]
    public IActionResult MessageWithAck([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/message-with-ack")] HttpRequest req, SocketIOEvent ev) =>
        ev.Ack(EchoedArguments.Of(ev));

    private static SocketIOResult KeepAuth(SocketIOConnectRequest connect)
    {
        // Node's socket.handshake.auth is {} when the client sent no payload.
        connect.Socket.Data[AuthKey] = connect.Handshake.Auth?.DeepClone() ?? new JsonObject();
        return connect.Accept();
    }

    private static async Task<IActionResult> EmitAuthAsync(SocketIOConnectedRequest connected)
    {
        // An emit to a socket that already left (the suite closes sockets fast) is a no-op, as in Node.
        await connected.Socket.EmitAsync("auth", connected.Socket.Data[AuthKey]?.DeepClone() ?? new JsonObject());

        return connected.Done();
    }
}
