using System.Net;
using Microsoft.AspNetCore.Routing;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class HeartbeatTests
{
    // Pings come quickly; the pong may take a second (a loaded test machine answers late, and a late pong
    // would be a genuine timeout).
    private static Task<EngineTestHost> StartAsync(RecordingApplication app, int pingTimeout = 1000) => EngineTestHost.StartAsync(
        o =>
        {
            o.PingInterval = 150;
            o.PingTimeout = pingTimeout;
        },
        endpoints => endpoints.MapEngineIO("/rec/", _ => app));

    [Fact]
    public async Task A_websocket_client_that_stops_answering_pings_is_closed_with_ping_timeout()
    {
        var app = new RecordingApplication();
        await using var host = await StartAsync(app);
        using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
        await socket.ReceiveFrameAsync(); // open

        // Answer two pings, then fall silent.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("2", (await socket.ReceiveFrameAsync()).Text);
            await socket.SendTextAsync("3");
        }

        var seen = await socket.ReceiveUntilClosedAsync();
        Assert.Equal(["2"], seen);
        var connection = await app.FirstOpen;
        Assert.Equal("ping timeout", await app.ClosedAsync(connection.Id));
        Assert.True(connection.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task Reading_that_stops_and_resumes_again_and_again_never_holds_back_the_pings()
    {
        // A burst the application works through: back-pressure stops and resumes reading many times per interval.
        // The pings must keep coming, or the client closes with "ping timeout" (it expects one within
        // PingInterval + PingTimeout of the last).
        var app = new RecordingApplication();
        using var stop = new CancellationTokenSource();
        Task? pausing = null;
        app.OnOpenAction = connection => pausing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using (connection.PauseReceiving())
                {
                    await Task.Delay(10);
                }

                await Task.Delay(10);
            }
        });
        await using var host = await StartAsync(app);
        using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
        await socket.ReceiveFrameAsync(); // open

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("2", (await socket.ReceiveFrameAsync()).Text);
            await socket.SendTextAsync("3");
        }

        await stop.CancelAsync();
        await pausing!;
        Assert.DoesNotContain(app.Events, e => e.StartsWith("close", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_websocket_client_whose_pongs_wait_unread_while_the_gateway_pauses_reading_is_pinged_again_not_timed_out()
    {
        var app = new RecordingApplication();
        IDisposable? pause = null;
        app.OnOpenAction = connection => pause = connection.PauseReceiving();
        // The default second for a pong: once reading resumes, a loaded machine's late pong must not end the session.
        await using var host = await StartAsync(app);
        using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
        await socket.ReceiveFrameAsync(); // open

        // Reading is paused (back-pressure): the pongs wait unread and each deadline passes, so the gateway pings
        // again at once instead of closing with "ping timeout" (the client is not at fault).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", (await socket.ReceiveFrameAsync()).Text);
            await socket.SendTextAsync("3");
        }

        // Reading again: the pongs are read, and the pings go on at the interval with the session open.
        Assert.NotNull(pause);
        pause.Dispose();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("2", (await socket.ReceiveFrameAsync()).Text);
            await socket.SendTextAsync("3");
        }

        Assert.DoesNotContain(app.Events, e => e.StartsWith("close", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_polling_client_gets_pings_and_stays_open_while_it_answers()
    {
        var app = new RecordingApplication();
        await using var host = await StartAsync(app);
        var (sid, _) = await host.HandshakeAsync("/rec/");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await host.PollTextAsync(sid, "/rec/"));
            using var pong = await host.PostAsync(sid, "3", "/rec/");
            Assert.Equal(HttpStatusCode.OK, pong.StatusCode);
        }

        Assert.DoesNotContain(app.Events, e => e.StartsWith("close", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_polling_client_that_never_polls_times_out_and_its_sid_becomes_unknown()
    {
        var app = new RecordingApplication();
        await using var host = await StartAsync(app, pingTimeout: 150);
        var (sid, _) = await host.HandshakeAsync("/rec/");
        Assert.Equal("ping timeout", await app.ClosedAsync(sid));
        using var late = await host.PollAsync(sid, path: "/rec/");
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Fact]
    public async Task A_ping_from_the_client_is_a_transport_error_in_v4()
    {
        var app = new RecordingApplication();
        await using var host = await EngineTestHost.StartAsync(map: endpoints => endpoints.MapEngineIO("/rec/", _ => app));
        var (sid, _) = await host.HandshakeAsync("/rec/");
        using (await host.PostAsync(sid, "2", "/rec/"))
        {
        }

        Assert.Equal("transport error", await app.ClosedAsync(sid));
    }
}
