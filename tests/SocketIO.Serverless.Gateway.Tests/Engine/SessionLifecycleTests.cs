using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Routing;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class SessionLifecycleTests
{
    [Fact]
    public async Task The_application_sees_open_messages_in_order_then_close_never_overlapping()
    {
        var app = new RecordingApplication();
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using (await host.PostAsync(sid, "4a\u001e4b\u001ebAQI=\u001e4c", "/rec/"))
        {
        }

        using (await host.PostAsync(sid, "4d\u001e1", "/rec/"))
        {
        }

        Assert.Equal("transport close", await app.ClosedAsync(sid));
        Assert.Equal(
            [$"open {sid}", $"message {sid} a", $"message {sid} b", $"message {sid} 0102", $"message {sid} c", $"message {sid} d", $"close {sid} transport close"],
            app.Events);
        Assert.False(app.Overlapped);
    }

    [Fact]
    public async Task Close_flushes_queued_messages_before_the_close_packet_over_polling()
    {
        var app = new RecordingApplication
        {
            OnMessageAction = (connection, message) =>
            {
                if (message.Text == "bye")
                {
                    Assert.True(connection.Send(EngineMessage.FromText("a")));
                    Assert.True(connection.Send(EngineMessage.FromBinary(new byte[] { 7 })));
                    connection.Close("forced close");
                    Assert.False(connection.Send(EngineMessage.FromText("too late")));
                }
            },
        };
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using (await host.PostAsync(sid, "4bye", "/rec/"))
        {
        }

        Assert.Equal("4a\u001ebBw==\u001e1", await host.PollTextAsync(sid, "/rec/"));
        Assert.Equal("forced close", await app.ClosedAsync(sid));
        using var after = await host.PollAsync(sid, path: "/rec/");
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task Close_flushes_queued_messages_before_closing_the_websocket()
    {
        var app = new RecordingApplication
        {
            OnMessageAction = (connection, message) =>
            {
                connection.Send(EngineMessage.FromText("last words"));
                connection.Close("forced close");
            },
        };
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));
        using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
        await socket.ReceiveFrameAsync();
        await socket.SendTextAsync("4go");
        Assert.Equal(["4last words"], await socket.ReceiveUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("forced close", await app.ClosedAsync((await app.FirstOpen).Id));
    }

    [Fact]
    public async Task Messages_sent_from_OnOpen_follow_the_open_packet()
    {
        var app = new RecordingApplication { OnOpenAction = connection => connection.Send(EngineMessage.FromText("welcome")) };
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));

        using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
        Assert.StartsWith("0{", (await socket.ReceiveFrameAsync()).Text);
        Assert.Equal("4welcome", (await socket.ReceiveFrameAsync()).Text);

        var (sid, _) = await host.HandshakeAsync("/rec/");
        Assert.Equal("4welcome", await host.PollTextAsync(sid, "/rec/"));
    }

    [Fact]
    public async Task A_full_send_buffer_closes_the_slow_session_with_transport_error()
    {
        var results = new List<bool>();
        var app = new RecordingApplication
        {
            OnMessageAction = (connection, _) =>
            {
                for (var i = 0; i < 5; i++)
                {
                    results.Add(connection.Send(EngineMessage.FromText($"m{i}")));
                }
            },
        };
        await using var host = await EngineTestHost.StartAsync(o => o.MaxBufferedMessages = 3, e => e.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using (await host.PostAsync(sid, "4flood", "/rec/"))
        {
        }

        Assert.Equal("transport error", await app.ClosedAsync(sid));
        Assert.Equal([true, true, true, false, false], results);
        using var after = await host.PollAsync(sid, path: "/rec/");
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task The_handshake_carries_headers_query_address_and_the_hub_route_value()
    {
        var app = new RecordingApplication();
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/clients/socketio/hubs/{hub}/", _ => app));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/clients/socketio/hubs/chat/?EIO=4&transport=polling&access_token=abc");
        request.Headers.Add("X-Custom", "yes");
        using (var response = await host.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var handshake = (await app.FirstOpen).Handshake;
        Assert.Equal("chat", handshake.Hub);
        Assert.Equal("abc", handshake.Query["access_token"]);
        Assert.Equal("4", handshake.Query["EIO"]);
        Assert.Equal("yes", handshake.Headers["x-custom"]);
        Assert.Equal(IPAddress.Loopback, handshake.RemoteAddress);
        Assert.False(handshake.Secure);
        Assert.StartsWith("/clients/socketio/hubs/chat/?EIO=4", handshake.Url);
        Assert.Equal("polling", (await app.FirstOpen).TransportName);
    }

    [Fact]
    public async Task Sessions_belong_to_their_endpoint()
    {
        var app = new RecordingApplication();
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using var elsewhere = await host.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains(host.Server.Sessions, s => s.Id == sid);
        Assert.Null((await app.FirstOpen).Handshake.Hub);
    }

    [Fact]
    public async Task An_application_that_throws_does_not_break_the_session()
    {
        var app = new RecordingApplication { OnMessageAction = (_, m) => throw new InvalidOperationException("app bug " + m.Text) };
        await using var host = await EngineTestHost.StartAsync(map: e => e.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using (var post = await host.PostAsync(sid, "4x\u001e4y", "/rec/"))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal([$"open {sid}", $"message {sid} x", $"message {sid} y"], app.Events);
        Assert.Contains(host.Server.Sessions, s => s.Id == sid);
    }
}
