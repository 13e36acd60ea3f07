using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Recovery;

/// <summary>Connection state recovery on one gateway without storage, driven by the real socket.io-client (tests/e2e/recovery).</summary>
public sealed class RecoveryEndToEndTests(RecoveryGatewayFixture gateway) : IClassFixture<RecoveryGatewayFixture>
{
    [Fact]
    public Task A_dropped_transport_recovers_its_id_rooms_data_and_missed_packets_in_order_once_but_a_disconnect_on_purpose_does_not() =>
        NodeScript.RunAndAssertSuccessAsync(Path.Combine("recovery", "recover.mjs"), [gateway.Url]);
}

/// <summary>A session past <c>MaxDisconnectionDuration</c>.</summary>
public sealed class RecoveryExpiryTests(ShortRecoveryGatewayFixture gateway) : IClassFixture<ShortRecoveryGatewayFixture>
{
    [Fact]
    public Task A_session_past_MaxDisconnectionDuration_comes_back_as_a_fresh_socket() =>
        NodeScript.RunAndAssertSuccessAsync(Path.Combine("recovery", "expire.mjs"), [gateway.Url, gateway.MaxDisconnectionDuration.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}
