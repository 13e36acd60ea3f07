using System.Globalization;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>
/// Binary packets from a hostile client, over raw WebSocket frames as the probe sent them: Node's attachment
/// count (10), a byte bound on what one connection holds for an incomplete packet, and a deadline for it.
/// </summary>
public sealed class AttachmentLimitTests : IAsyncLifetime
{
    private const int AttachmentTimeout = 1_500;
    private const int MaxAttachmentBytes = 250_000;
    private LoopbackApp? _gateway;

    private Uri Gateway => _gateway!.BaseAddress;

    public async Task InitializeAsync() =>
        _gateway = await LoopbackApp.StartGatewayAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Application"] = GatewayApplications.Conformance,
                ["Engine:PingInterval"] = "300",
                ["Engine:PingTimeout"] = "5000",
                ["Engine:MaxHttpBufferSize"] = "100000",
                ["SocketIO:AttachmentTimeout"] = AttachmentTimeout.ToString(CultureInfo.InvariantCulture),
                ["SocketIO:MaxAttachmentBytes"] = MaxAttachmentBytes.ToString(CultureInfo.InvariantCulture),
            },
            builder => builder.Services.AddInProcessSocketApplication(TestApplication.Configure));

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ten_attachments_are_a_packet_and_eleven_or_9999_are_refused()
    {
        await using (var ten = await ConnectedAsync())
        {
            await ten.SendAsync("4" + BinaryEvent(10, ackId: 1));
            for (var i = 0; i < 10; i++)
            {
                await ten.SendBinaryAsync([(byte)i]);
            }

            // The echo comes back (its event, its binary frames), then the ack of all ten.
            string? packet;
            while ((packet = await ten.ReceiveAsync()) is not null && !packet.StartsWith("4610-1[", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(packet);
        }

        foreach (var count in new[] { 11, 9999 })
        {
            await using var client = await ConnectedAsync();
            await client.SendAsync("4" + BinaryEvent(count, ackId: 1));
            try
            {
                await client.SendBinaryAsync(new byte[99_000]);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                // Refused at its text, the connection may already be closed before this frame goes.
            }

            // Refused at its text: the connection is closed before any attachment is held.
            Assert.Empty(await client.ReceiveUntilClosedAsync());
        }
    }

    [Fact]
    public async Task Attachments_past_the_connections_byte_bound_close_it()
    {
        await using var client = await ConnectedAsync();
        await client.SendAsync("4" + BinaryEvent(10, ackId: 1));
        var sent = 0;
        var closed = client.ReceiveUntilClosedAsync();
        try
        {
            while (!closed.IsCompleted && sent < 10)
            {
                await client.SendBinaryAsync(new byte[99_000]);
                sent++;
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // The gateway closed the connection at the bound while frames were still going.
        }

        Assert.Empty(await closed);
        Assert.True(sent >= MaxAttachmentBytes / 99_000, $"closed after {sent} attachments");
    }

    [Fact]
    public async Task A_stalled_partial_packet_is_dropped_with_its_connection_at_the_deadline_while_pings_are_answered()
    {
        await using var client = await ConnectedAsync();
        await client.SendAsync("4" + BinaryEvent(2, ackId: 1));
        await client.SendBinaryAsync(new byte[99_000]);

        // The raw client answers every ping (sent every 300 ms): only the deadline can close it.
        Assert.Empty(await client.ReceiveUntilClosedAsync());
    }

    private async Task<RawSocketIOClient> ConnectedAsync()
    {
        var client = await RawSocketIOClient.ConnectAsync(Gateway);
        await client.SendAsync("40");
        Assert.StartsWith("40{\"sid\"", await client.ReceiveAsync(), StringComparison.Ordinal);
        return client;
    }

    private static string BinaryEvent(int attachments, int ackId) =>
        $"5{attachments}-{ackId}[\"echo\"{string.Concat(Enumerable.Range(0, attachments).Select(i => $",{{\"_placeholder\":true,\"num\":{i}}}"))}]";
}
