namespace SocketIO.Serverless.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Connection state recovery across a gateway crash: three gateways with recovery on (Redis, Table Storage, the chat
/// app), one killed with SIGKILL; its client recovers on another gateway (its own cluster: the kill is for good).
/// </summary>
public sealed class RecoveryAfterKillTests : IAsyncLifetime
{
    private ClusterStack? _stack;

    public async Task InitializeAsync() =>
        _stack = await ClusterStack.StartAsync(gateways: 3, new Dictionary<string, string?>
        {
            ["Rooms__HeartbeatInterval"] = "500",
            ["Rooms__InstanceExpiry"] = "6000",
            ["SocketIO__ConnectionStateRecovery__Enabled"] = "true",
            ["Logging__LogLevel__SocketIO.Serverless.Gateway.Recovery"] = "Debug",
        });

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_whose_gateway_was_killed_recovers_on_another_with_its_id_room_and_missed_messages()
    {
        var stack = _stack!;
        var victim = stack.GatewayPid(3);
        var output = await stack.RunAsync("kill-recover.mjs", new Dictionary<string, string?> { ["KILL_PID"] = victim.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("ok - it comes back recovered on another gateway", output, StringComparison.Ordinal);
        Assert.Contains("ok - a client that disconnected on purpose comes back fresh", output, StringComparison.Ordinal);
    }
}
