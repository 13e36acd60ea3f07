namespace SocketIO.Serverless.EndToEnd.Tests.ScaleOut;

/// <summary>A gateway killed with SIGKILL loses only its own connections (its own cluster: the kill is for good).</summary>
public sealed class GatewayKillTests : IAsyncLifetime
{
    private ClusterStack? _stack;

    public async Task InitializeAsync() =>
        _stack = await ClusterStack.StartAsync(gateways: 3, new Dictionary<string, string?>
        {
            ["Rooms__HeartbeatInterval"] = "500",
            // Short, so the dead gateway's rows go soon, but well past a heartbeat delayed by a loaded machine (a
            // live gateway taken for dead has its rows removed and writes them again, which a member list can see).
            ["Rooms__InstanceExpiry"] = "6000",
        });

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task KilledGatewaysSocketsLeaveMemberListsAndTheOthersKeepServing()
    {
        var stack = _stack!;
        var victim = stack.GatewayPid(3);
        var output = await stack.RunAsync("kill-gateway.mjs", new Dictionary<string, string?> { ["KILL_PID"] = victim.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("ok - its socket left the member list", output, StringComparison.Ordinal);
        Assert.Contains("ok - a rejoin counts the live members", output, StringComparison.Ordinal);

        // Its rows in the rooms table are removed by a live gateway once its heartbeat expired (6 s here).
        var removed = await stack.WaitForLogAsync("(heartbeat expired)", TimeSpan.FromSeconds(60));
        Assert.Contains("gateway-3-", removed, StringComparison.Ordinal);
    }
}
