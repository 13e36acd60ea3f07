using System.Text.Json;
using SocketIO.Serverless.Gateway.Applications;
using SocketIO.Serverless.Gateway.SocketIO;
using SocketIO.Serverless.Gateway.InProcess;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

/// <summary>
/// The in-process application the end-to-end scripts (tests/e2e/socketio) talk to: each event is a small
/// server-side action a script can trigger and observe (echo, rooms, broadcasts, server emitWithAck, disconnects).
/// </summary>
public static class TestApplication
{
    public const string AdminToken = "let-me-in";

    public static void Configure(InProcessApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnConnection("/", MainNamespace);
        app.OnConnection("/chat", socket => socket.On("echo", e => Echo(socket, e)));
        app.OnConnection("/observer", _ => { });
        app.Namespace("/admin", ns => ns
            .Use(socket => socket.Auth.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() == AdminToken
                ? Accept(socket)
                : ConnectResult.Reject("unauthorized", JsonSerializer.SerializeToElement(new { code = 401 })))
            .OnConnection(socket => socket.On("whoami", e => e.Ack(JsonDocument.Parse(socket.Data!).RootElement))));

        // A connect the application takes its time over: events sent meanwhile must wait for it, in order.
        app.Namespace("/slow", ns => ns
            .Use(async _ =>
            {
                await Task.Delay(300).ConfigureAwait(false);
                return ConnectResult.Accept;
            })
            .OnConnection(socket => socket.On("echo", e => Echo(socket, e))));
    }

    private static ConnectResult Accept(InProcessSocket socket)
    {
        socket.Data = "\"admin\"";
        return ConnectResult.Accept;
    }

    private static void MainNamespace(InProcessSocket socket)
    {
        var io = new InProcessBroadcastOperator(socket.Server, "/");
        var order = new List<long>();
        socket.OnDisconnect(async reason => await new InProcessBroadcastOperator(socket.Server, "/observer").EmitAsync("peer-disconnected", socket.Id, reason));
        socket.On("echo", e => Echo(socket, e));
        socket.On("join", async e => e.Ack(await socket.JoinAsync(e.Arg<string>(0)!)));
        socket.On("leave", async e => e.Ack(await socket.LeaveAsync(e.Arg<string>(0)!)));
        socket.On("my-rooms", async e => e.Ack(await socket.GetRoomsAsync()));
        socket.On("to-all", async e => e.Ack(await io.EmitAsync("news", e.Arg<string>(0))));
        socket.On("to-rooms", async e => e.Ack(await io.To(e.Arg<string[]>(0)!).EmitAsync("news", e.Arg<string>(1))));
        socket.On("to-rooms-except", async e => e.Ack(await io.To(e.Arg<string[]>(0)!).Except(e.Arg<string[]>(1)!).EmitAsync("news", e.Arg<string>(2))));
        socket.On("to-others", async e => e.Ack(await socket.Broadcast.EmitAsync("news", e.Arg<string>(0))));
        socket.On("ask", e => AskAsync(socket, e));
        socket.On("binary-please", async e =>
        {
            await socket.EmitAsync("binary", new byte[] { 1, 2, 3 }, new { nested = new { data = new byte[] { 4, 5 } }, list = new object[] { "x", new byte[] { 6 } } });
            e.Ack("sent");
        });
        socket.On("order", async e =>
        {
            // Handlers finish at different speeds; the order the application sees must still be the arrival order.
            await Task.Delay(Random.Shared.Next(0, 4)).ConfigureAwait(false);
            lock (order)
            {
                order.Add(e.Arg<long>(0));
            }
        });
        socket.On("get-order", e =>
        {
            lock (order)
            {
                e.Ack(order.ToArray());
            }
        });
        socket.On("set-data", e =>
        {
            socket.Data = e.Arguments[0].GetRawText();
            e.Ack(true);
        });
        socket.On("get-data", e => e.Ack(socket.Data is null ? null : JsonDocument.Parse(socket.Data).RootElement));
        socket.On("disconnect-me", async _ => await socket.DisconnectAsync());
        socket.On("close-my-connection", async _ => await socket.CloseConnectionAsync());
    }

    private static async ValueTask Echo(InProcessSocket socket, InProcessEvent e)
    {
        await socket.EmitArgumentsAsync("echo", e.Arguments, e.Attachments);
        e.AckWithArguments();
    }

    /// <summary>Server-to-client emitWithAck from inside an event handler of the same client (must not deadlock).</summary>
    private static async ValueTask AskAsync(InProcessSocket socket, InProcessEvent e)
    {
        var question = e.Arg<string>(0);
        var timeout = TimeSpan.FromMilliseconds(e.Arg<int>(1));
        try
        {
            var answer = await socket.EmitWithAckAsync("question", timeout, question).ConfigureAwait(false);
            e.Ack(new { answer = answer.Arguments });
        }
        catch (TimeoutException exception)
        {
            e.Ack(new { timeout = true, message = exception.Message });
        }
    }
}
