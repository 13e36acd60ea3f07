using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using SocketIO.Serverless.Gateway.Engine;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

public sealed class WebSocketTransportTests : IAsyncLifetime
{
    private EngineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 10_000);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_direct_websocket_session_opens_with_no_upgrades_and_echoes_text_and_binary()
    {
        using var socket = await _host.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var open = await socket.ReceiveFrameAsync();
        Assert.Equal(WebSocketMessageType.Text, open.Type);
        Assert.StartsWith("0{", open.Text);
        var handshake = JsonDocument.Parse(open.Text[1..]).RootElement;
        Assert.Empty(handshake.GetProperty("upgrades").EnumerateArray());
        Assert.Equal(10_000, handshake.GetProperty("maxPayload").GetInt64());

        await socket.SendTextAsync("4hello €");
        Assert.Equal("4hello €", (await socket.ReceiveFrameAsync()).Text);

        await socket.SendAsync(new byte[] { 1, 2, 3, 4 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var binary = await socket.ReceiveFrameAsync();
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, binary.Data);

        // A base64 record in a text frame is a binary message too, as the reference parser reads it.
        await socket.SendTextAsync("bBQY=");
        Assert.Equal(new byte[] { 5, 6 }, (await socket.ReceiveFrameAsync()).Data);
    }

    [Fact]
    public async Task A_fragmented_message_is_reassembled()
    {
        using var socket = await _host.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await socket.ReceiveFrameAsync();
        await socket.SendAsync("4frag"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.SendAsync("mented"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("4fragmented", (await socket.ReceiveFrameAsync()).Text);
    }

    [Fact]
    public async Task An_invalid_packet_closes_the_socket()
    {
        using var socket = await _host.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await socket.ReceiveFrameAsync();
        await socket.SendTextAsync("abc");
        Assert.Empty(await socket.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task A_message_over_max_size_closes_the_socket_as_too_big()
    {
        using var socket = await _host.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await socket.ReceiveFrameAsync();
        await socket.SendTextAsync("4" + new string('z', 10_000));
        Assert.Empty(await socket.ReceiveUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
    }

    [Fact]
    public async Task A_close_packet_from_the_client_closes_the_socket()
    {
        using var socket = await _host.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await socket.ReceiveFrameAsync();
        await socket.SendTextAsync("1");
        Assert.Empty(await socket.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task Messages_sent_from_many_threads_at_once_all_arrive_each_sender_in_its_own_order_then_the_close()
    {
        const int Senders = 4;
        const int PerSender = 300;
        var app = new RecordingApplication();
        var refused = 0;
        app.OnMessageAction = (connection, message) =>
        {
            // Every sender writes through the outbox's writer hand-over at once; the last one closes the session.
            var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
            {
                for (var i = 0; i < PerSender; i++)
                {
                    if (!connection.Send(EngineMessage.FromText($"{s}:{i}")))
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            })).ToArray();
            _ = Task.WhenAll(senders).ContinueWith(_ => connection.Close("forced close"), TaskScheduler.Default);
        };
        await using var host = await EngineTestHost.StartAsync(map: endpoints => endpoints.MapEngineIO("/rec/", _ => app));
        using var socket = await host.ConnectWebSocketAsync("EIO=4&transport=websocket", "/rec/");
        await socket.ReceiveFrameAsync(); // open
        await socket.SendTextAsync("4go");

        var received = (await socket.ReceiveUntilClosedAsync()).Where(text => text != "2").ToList();
        Assert.Equal(0, Volatile.Read(ref refused));
        Assert.Equal(Senders * PerSender, received.Count);
        for (var s = 0; s < Senders; s++)
        {
            var prefix = $"4{s}:";
            Assert.Equal(
                Enumerable.Range(0, PerSender).Select(i => $"{prefix}{i}"),
                received.Where(text => text.StartsWith(prefix, StringComparison.Ordinal)));
        }

        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("forced close", await app.ClosedAsync((await app.FirstOpen).Id));
    }

    [Fact]
    public async Task An_idle_socket_still_receives_frames_of_every_size_after_waiting_without_a_buffer()
    {
        using var socket = await _host.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await socket.ReceiveFrameAsync();
        foreach (var size in new[] { 1, 4095, 4096, 4097, 9_000 })
        {
            var text = "4" + new string('x', size - 1);
            await socket.SendTextAsync(text);
            Assert.Equal(text, (await socket.ReceiveFrameAsync()).Text);
        }

        // An empty text frame is no packet: the session closes on the parse error, as before.
        await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Empty(await socket.ReceiveUntilClosedAsync());
    }

    [Theory]
    [InlineData("transport=websocket")]
    [InlineData("EIO=abc&transport=websocket")]
    [InlineData("EIO=4")]
    [InlineData("EIO=4&transport=abc")]
    [InlineData("EIO=4&transport=polling")]
    [InlineData("EIO=4&transport=websocket&sid=unknown")]
    public async Task Bad_websocket_requests_are_refused(string query)
    {
        using var socket = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_host.WebSocketUri(query), CancellationToken.None));
    }
}
