using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.Functions;

namespace SocketIO.Serverless.ChatFunctions;

/// <summary>
/// The seed's chat server, namespace "/": one function per event, each the body of a <c>socket.on(event, ...)</c>
/// handler. Routes follow the gateway's URL template <c>/api/socketio{namespace}/{event}</c> (docs/upstream.md).
/// </summary>
public sealed partial class ChatFunctions(SocketIOServer io, ILogger<ChatFunctions> logger)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    // socket.on('message', (msg, ack) => { io.emit('message', `服务器转发：${msg}`); ack('消息已收到'); })
    [Function("message")]
    public async Task<IActionResult> Message([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/message")] HttpRequest req, SocketIOEvent ev)
    {
        var msg = ev.Arg<string>(0);
        LogMessage(logger, msg);
        await io.EmitAsync("message", $"服务器转发：{msg}");
        return ev.Ack("消息已收到");
    }

    // socket.on('join', (room, ack) => { socket.join(room); ack(io.sockets.adapter.rooms.get(room).size); })
    // The join is answered once stored, so the size read from the rooms table already counts it.
    [Function("join")]
    public async Task<IActionResult> Join([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/join")] HttpRequest req, SocketIOEvent ev)
    {
        var room = RequireRoom(ev);
        await ev.Socket.JoinAsync(room);
        return ev.Ack(await io.GetRoomSizeAsync(room));
    }

    // socket.on('leave', (room, ack) => { socket.leave(room); ack(io.sockets.adapter.rooms.get(room)?.size ?? 0); })
    [Function("leave")]
    public async Task<IActionResult> Leave([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/leave")] HttpRequest req, SocketIOEvent ev)
    {
        var room = RequireRoom(ev);
        await ev.Socket.LeaveAsync(room);
        return ev.Ack(await io.GetRoomSizeAsync(room));
    }

    // socket.on('room message', ({ room, text }) => socket.to(room).emit('message', text))
    [Function("room_message")]
    public async Task<IActionResult> RoomMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/room message")] HttpRequest req, SocketIOEvent ev)
    {
        var message = ev.Arg<RoomText>(0);
        if (string.IsNullOrEmpty(message?.Room))
        {
            return ev.Ack(new { error = "room is required" });
        }

        await ev.Socket.To(message.Room).EmitAsync("message", message.Text);
        return ev.Done();
    }

    // socket.on('rooms message', ({ rooms, text }) => socket.to(rooms).emit('message', text)): each socket once
    [Function("rooms_message")]
    public async Task<IActionResult> RoomsMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/rooms message")] HttpRequest req, SocketIOEvent ev)
    {
        var message = ev.Arg<RoomsText>(0);
        var rooms = message?.Rooms?.Where(r => !string.IsNullOrEmpty(r)).ToList() ?? [];
        if (rooms.Count == 0)
        {
            return ev.Ack(new { error = "rooms are required" });
        }

        await ev.Socket.To(rooms).EmitAsync("message", message!.Text);
        return ev.Done();
    }

    // socket.on('announce', text => socket.broadcast.emit('message', text))
    [Function("announce")]
    public async Task<IActionResult> Announce([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/announce")] HttpRequest req, SocketIOEvent ev)
    {
        await ev.Socket.Broadcast.EmitAsync("message", ev.Arg<string>(0));
        return ev.Done();
    }

    // socket.on('members', (room, ack) => ack([...io.sockets.adapter.rooms.get(room)]))
    [Function("members")]
    public async Task<IActionResult> Members([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/members")] HttpRequest req, SocketIOEvent ev)
    {
        var sockets = await io.In(RequireRoom(ev)).FetchSocketsAsync();
        return ev.Ack(sockets.Select(s => s.Id).Order(StringComparer.Ordinal).ToList());
    }

    // socket.on('in room', (room, ack) => ack(socket.rooms.has(room)))
    [Function("in_room")]
    public async Task<IActionResult> InRoom([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/in room")] HttpRequest req, SocketIOEvent ev)
    {
        var rooms = await ev.Socket.GetRoomsAsync();
        return ev.Ack(rooms.Contains(RequireRoom(ev)));
    }

    // socket.on('file', (bytes, info, ack) => { socket.broadcast.emit('file', bytes, info); ack(bytes.length); })
    // info ({ name, type }, as the chat page sends it) is optional and passed on as it came.
    [Function("file")]
    public async Task<IActionResult> File([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/file")] HttpRequest req, SocketIOEvent ev)
    {
        var bytes = ev.Arg<byte[]>(0) ?? [];
        var info = ev.Arg<FileMetadata>(1);
        await (info is null ? ev.Socket.Broadcast.EmitAsync("file", bytes) : ev.Socket.Broadcast.EmitAsync("file", bytes, info));
        return ev.Ack(bytes.Length);
    }

    // socket.on('ask', async (question, ack) => ack(await socket.emitWithAck('question', question)))
    [Function("ask")]
    public async Task<IActionResult> Ask([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "socketio/ask")] HttpRequest req, SocketIOEvent ev)
    {
        var answer = await ev.Socket.EmitWithAckAsync<JsonElement>(AskTimeout, "question", ev.Arg<JsonElement>(0));
        return ev.Ack(answer);
    }

    private static string RequireRoom(SocketIOEvent ev) =>
        ev.Arg<string>(0) is { Length: > 0 } room ? room : throw new SocketIOArgumentException($"'{ev.Name}' needs a room name as its first argument.");

    [LoggerMessage(Level = LogLevel.Information, Message = "收到消息: {Message}")]
    private static partial void LogMessage(ILogger logger, string? message);

    private sealed record RoomText(string? Room, string? Text);

    private sealed record RoomsText(List<string>? Rooms, string? Text);

    private sealed record FileMetadata(string? Name, string? Type);
}
