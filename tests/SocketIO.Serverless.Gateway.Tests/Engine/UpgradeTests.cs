using System.Net;
using System.Net.WebSockets;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class UpgradeTests : IAsyncLifetime
{
    private EngineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Probe_pauses_polling_with_noop_then_upgrade_moves_the_session_and_its_buffer_to_the_websocket()
    {
        var (sid, _) = await _host.HandshakeAsync();
        var pending = _host.PollAsync(sid);
        await _host.WaitForPendingPollsAsync(1);

        using var socket = await _host.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", (await socket.ReceiveFrameAsync()).Text);

        using (var paused = await pending)
        {
            Assert.Equal("6", await paused.Content.ReadAsStringAsync());
        }

        // Sent over polling while paused: buffered, then flushed to the WebSocket after the upgrade.
        using (var post = await _host.PostAsync(sid, "4during"))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal("6", await _host.PollTextAsync(sid));

        await socket.SendTextAsync("5");
        Assert.Equal("4during", (await socket.ReceiveFrameAsync()).Text);
        await socket.SendTextAsync("4after");
        Assert.Equal("4after", (await socket.ReceiveFrameAsync()).Text);

        using var stale = await _host.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);

        // A second upgrade of the same session is accepted then closed.
        using var second = await _host.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        Assert.Empty(await second.ReceiveUntilClosedAsync());
        await socket.SendTextAsync("4still");
        Assert.Equal("4still", (await socket.ReceiveFrameAsync()).Text);
    }

    [Fact]
    public async Task A_failed_probe_leaves_the_session_on_polling()
    {
        var (sid, _) = await _host.HandshakeAsync();
        using (var socket = await _host.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}"))
        {
            await socket.SendTextAsync("4not a probe");
            Assert.Empty(await socket.ReceiveUntilClosedAsync());
        }

        using (await _host.PostAsync(sid, "4polling"))
        {
        }

        Assert.Equal("4polling", await _host.PollTextAsync(sid));
    }

    [Fact]
    public async Task An_upgrade_not_completed_in_time_is_cancelled_and_polling_resumes()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.UpgradeTimeout = 2000);
        var (sid, _) = await host.HandshakeAsync();
        using var socket = await host.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", (await socket.ReceiveFrameAsync()).Text);
        Assert.Empty(await socket.ReceiveUntilClosedAsync());

        using (await host.PostAsync(sid, "4back on polling"))
        {
        }

        Assert.Equal("4back on polling", await host.PollTextAsync(sid));
    }

    [Fact]
    public async Task Upgrades_are_not_offered_when_disabled()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowUpgrades = false);
        var (sid, handshake) = await host.HandshakeAsync();
        Assert.Empty(handshake.GetProperty("upgrades").EnumerateArray());
        using var socket = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(host.WebSocketUri($"EIO=4&transport=websocket&sid={sid}"), CancellationToken.None));
    }
}
