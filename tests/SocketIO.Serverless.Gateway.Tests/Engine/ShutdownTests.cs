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
        // The sessions must close because their last packets were delivered, not because the shutdown time ran
        // out (the test host's 500 ms cut raced the pending poll's answer on a loaded machine and left it only "1"):
        // the cut is put out of reach, and the stop is asserted to end well before it.
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
            await host.App.StopAsync(new CancellationTokenSource(EngineTestHost.Patience * 2).Token);
            clock.Stop();

            Assert.Equal(["4goodbye"], await socket.ReceiveUntilClosedAsync());
            using (var last = await poll)
            {
                Assert.Equal(HttpStatusCode.OK, last.StatusCode);
                Assert.Equal("4goodbye\u001e1", await last.Content.ReadAsStringAsync());
            }

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
