using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_runs_the_goodbyes_then_closes_every_session_with_server_shutting_down()
    {
        var app = new RecordingApplication();
        // The sessions must close because their last packets were delivered, not because the shutdown time ran out
        // (the test host's 500 ms cut raced the pending poll's answer on a loaded machine and left it only "1"): the
        // cut is put out of reach, and the stop is asserted to end well before it.
        var host = await EngineTestHost.StartAsync(
            configure: o => o.ShutdownTimeout = (int)(EngineTestHost.Patience * 4).TotalMilliseconds,
            map: e => e.MapEngineIO("/rec/", _ => app),
            services: s => s.AddSingleton<IEngineShutdownHandler, GoodbyeHandler>());
        try
        {
            using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
            await socket.ReceiveFrameAsync();
            var wsSid = (await app.FirstOpen).Id;
            var (pollSid, _) = await host.HandshakeAsync("/rec/");
            var poll = host.PollAsync(pollSid, path: "/rec/");
            await host.WaitForPendingPollsAsync(1);

            var clock = Stopwatch.StartNew();
            var stopping = host.App.StopAsync(new CancellationTokenSource(EngineTestHost.Patience * 2).Token);

            Assert.Equal(["4goodbye"], await socket.ReceiveUntilClosedAsync());

            // The pending poll is answered as soon as the goodbye is queued; the close is queued right after, so it
            // is in the same answer or, as with Node's server, in the next poll's. Polling goes on as a client's would.
            var received = new List<string>();
            for (var response = await poll; ; response = await host.PollAsync(pollSid, path: "/rec/"))
            {
                using (response)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    received.AddRange((await response.Content.ReadAsStringAsync()).Split('\u001e'));
                }

                if (received[^1] == "1" || received.Count > 2)
                {
                    break;
                }
            }

            Assert.Equal(["4goodbye", "1"], received);
            await stopping;
            clock.Stop();

            Assert.Equal("server shutting down", await app.ClosedAsync(wsSid));
            Assert.Equal("server shutting down", await app.ClosedAsync(pollSid));
            Assert.Empty(host.Server.Sessions);
            Assert.True(host.Server.ShuttingDown.IsCancellationRequested);
            Assert.True(clock.Elapsed < EngineTestHost.Patience, $"shutdown took {clock.Elapsed}");
        }
        finally
        {
            await host.App.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_polling_session_that_never_comes_back_is_cut_after_the_shutdown_timeout()
    {
        var app = new RecordingApplication();
        var host = await EngineTestHost.StartAsync(o => o.ShutdownTimeout = 300, e => e.MapEngineIO("/rec/", _ => app));
        try
        {
            var (sid, _) = await host.HandshakeAsync("/rec/");
            await host.App.StopAsync(new CancellationTokenSource(EngineTestHost.Patience).Token);
            Assert.Equal("server shutting down", await app.ClosedAsync(sid));
            Assert.Empty(host.Server.Sessions);
        }
        finally
        {
            await host.App.DisposeAsync();
        }
    }

    private sealed class GoodbyeHandler(IEngineServer server) : IEngineShutdownHandler
    {
        public Task OnShuttingDownAsync(CancellationToken cancellationToken)
        {
            foreach (var session in server.Sessions)
            {
                session.Send(EngineMessage.FromText("goodbye"));
            }

            return Task.CompletedTask;
        }
    }
}
