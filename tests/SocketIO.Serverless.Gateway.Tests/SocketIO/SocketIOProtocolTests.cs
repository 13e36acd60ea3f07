using System.Text.Json;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>Protocol cases the official client never produces, spoken by hand over a WebSocket to the in-process gateway.</summary>
public sealed class SocketIOProtocolTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Events_sent_before_a_slow_connect_completes_wait_for_it_and_keep_their_order()
    {
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40/slow,");
        await client.SendAsync("42/slow,1[\"echo\",\"first\"]");
        await client.SendAsync("42/slow,2[\"echo\",\"second\"]");

        var connect = await client.ReceiveAsync();
        Assert.StartsWith("40/slow,{\"sid\":", connect);
        Assert.Equal("42/slow,[\"echo\",\"first\"]", await client.ReceiveAsync());
        Assert.Equal("43/slow,1[\"first\"]", await client.ReceiveAsync());
        Assert.Equal("42/slow,[\"echo\",\"second\"]", await client.ReceiveAsync());
        Assert.Equal("43/slow,2[\"second\"]", await client.ReceiveAsync());
    }

    [Fact]
    public async Task An_unknown_namespace_gets_the_reference_servers_connect_error()
    {
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40/nowhere,");
        Assert.Equal("44/nowhere,{\"message\":\"Invalid namespace\"}", await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_refused_connect_sends_the_applications_message_and_data()
    {
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40/admin,{\"token\":\"nope\"}");
        Assert.Equal("44/admin,{\"message\":\"unauthorized\",\"data\":{\"code\":401}}", await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_connection_that_joins_no_namespace_is_closed_after_connectTimeout()
    {
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        var received = await client.ReceiveUntilClosedAsync();
        Assert.DoesNotContain(received, packet => packet.StartsWith("40", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("4abc")]
    [InlineData("42{}")]
    [InlineData("42abc[\"message\"]")]
    [InlineData("451-[\"x\",{\"_placeholder\":true,\"num\":7}]")]
    public async Task A_malformed_packet_closes_the_connection(string packet)
    {
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40");
        Assert.StartsWith("40{\"sid\":", await client.ReceiveAsync());
        await client.SendAsync(packet);
        Assert.DoesNotContain(await client.ReceiveUntilClosedAsync(), p => p.StartsWith('4'));
    }

    [Fact]
    public async Task Socket_ids_are_distinct_and_unguessable()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
            await client.SendAsync("40");
            var connect = (await client.ReceiveAsync())!;
            var id = JsonDocument.Parse(connect[2..]).RootElement.GetProperty("sid").GetString()!;
            Assert.Equal(20, id.Length); // 120 random bits
            Assert.True(ids.Add(id));
        }
    }

    [Fact]
    public async Task A_client_disconnect_leaves_one_namespace_and_keeps_the_others()
    {
        await using var client = await RawSocketIOClient.ConnectAsync(gateway.BaseAddress);
        await client.SendAsync("40");
        await client.ReceiveAsync();
        await client.SendAsync("40/chat,");
        Assert.StartsWith("40/chat,", await client.ReceiveAsync());
        await client.SendAsync("41/chat,");
        await client.SendAsync("42/chat,[\"echo\",\"dropped\"]");
        await client.SendAsync("421[\"echo\",\"main\"]");
        Assert.Equal("42[\"echo\",\"main\"]", await client.ReceiveAsync());
        Assert.Equal("431[\"main\"]", await client.ReceiveAsync());
    }
}
