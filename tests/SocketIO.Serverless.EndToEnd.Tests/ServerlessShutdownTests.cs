namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The serverless gateway stopped by SIGTERM with a client connected: the disconnected notification still on its
/// way to a function that takes its time reaches it before the gateway exits (it was dropped with the process).
/// </summary>
public sealed class ServerlessShutdownTests
{
    [Fact]
    public async Task Disconnected_notifications_in_flight_at_shutdown_reach_the_functions()
    {
        await using var stack = await FunctionAppStack.StartAsync(
            "SocketIO.Serverless.ConformanceFunctions",
            gatewaySettings: new Dictionary<string, string?> { ["Upstream__Namespaces__0"] = "/" });
        await using var client = stack.StartScript(Path.Combine("faults", "held.mjs"), "websocket");
        var socketId = (await client.WaitForLineAsync(line => line.StartsWith("socket-id=", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))["socket-id=".Length..].Trim();

        Assert.Equal(0, await stack.StopGatewayAsync());

        await client.WaitForLineAsync(line => line.StartsWith("disconnect: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await stack.WaitForFunctionLogAsync($"conformance disconnected {socketId}: server shutting down");
    }
}
