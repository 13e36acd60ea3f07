using SocketIO.Serverless.Gateway.Hosting;
using SocketIO.Serverless.Gateway.InProcess;
using SocketIO.Serverless.Gateway.Tests.SocketIO.Fixtures;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Recovery;

/// <summary>
/// socket.io-client's own connection state recovery test, as our script tests/e2e/recovery/client-suite.mjs replays
/// it, against the gateway configured as scripts/client-recovery-server configures it (the official file itself
/// hard-codes port 3210: docs/recovery.md says how to run it).
/// </summary>
public sealed class ClientSuiteRecoveryTests : IAsyncLifetime
{
    private LoopbackApp? _gateway;

    public async Task InitializeAsync() =>
        _gateway = await LoopbackApp.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:Application"] = GatewayApplications.ClientSuite,
            ["Engine:PingInterval"] = "2000",
            ["SocketIO:ConnectionStateRecovery:Enabled"] = "true",
        },
        builder => builder.Services.AddInProcessSocketApplication(ClientSuiteApplication.Configure)).ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync().ConfigureAwait(false);
        }
    }

    [Fact]
    public Task The_socket_io_client_recovery_test_scenario_recovers_the_same_id() =>
        NodeScript.RunAndAssertSuccessAsync(Path.Combine("recovery", "client-suite.mjs"), [_gateway!.Url]);
}
