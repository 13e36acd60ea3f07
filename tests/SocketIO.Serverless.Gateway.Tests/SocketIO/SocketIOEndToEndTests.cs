using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>
/// The real socket.io-client (node scripts in tests/e2e/socketio) against the gateway running in-process with the
/// test application. Each script prints every behaviour it checked; a failure shows that output.
/// </summary>
public sealed class SocketIOEndToEndTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    [InlineData("upgrade")]
    public Task Each_transport_mode_carries_events_and_acks_both_ways_in_order(string mode) =>
        RunAsync("transports.mjs", mode);

    [Fact]
    public Task Several_namespaces_share_one_connection_and_unknown_or_refused_ones_get_connect_error() =>
        RunAsync("namespaces.mjs");

    [Fact]
    public Task Acks_travel_both_ways_and_server_emitWithAck_times_out_when_the_client_never_acks() =>
        RunAsync("acks.mjs");

    [Fact]
    public Task Binary_arguments_travel_both_ways_at_any_depth() =>
        RunAsync("binary.mjs");

    [Fact]
    public Task Broadcasts_reach_all_or_rooms_each_socket_once_and_can_exclude_rooms_or_the_sender() =>
        RunAsync("broadcast.mjs");

    [Fact]
    public Task A_payload_over_maxHttpBufferSize_drops_only_that_client() =>
        RunAsync("limits.mjs", GatewayFixture.MaxHttpBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public Task A_client_that_stops_answering_pings_is_disconnected_with_ping_timeout() =>
        RunAsync("ping-timeout.mjs");

    [Fact]
    public Task The_client_reconnects_after_the_server_closes_its_connection_but_not_after_a_server_disconnect() =>
        RunAsync("reconnect.mjs");

    private Task RunAsync(string script, params string[] arguments) =>
        NodeScript.RunAndAssertSuccessAsync(Path.Combine("socketio", script), [gateway.Url, .. arguments]);
}
