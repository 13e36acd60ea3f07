namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// Connection state recovery through the product's path (gateway with the Functions upstream, the local Functions
/// host, the conformance function app in the real isolated worker): the functions see the recovered socket.
/// </summary>
public sealed class ServerlessRecoveryTests
{
    [Fact]
    public async Task A_recovered_socket_reaches_its_connected_function_as_recovered_after_the_disconnected_of_its_drop_with_its_data()
    {
        await using var stack = await FunctionAppStack.StartAsync(
            "SocketIO.Serverless.ConformanceFunctions",
            gatewaySettings: new Dictionary<string, string?>
            {
                ["Upstream__Namespaces__0"] = "/",
                ["SocketIO__ConnectionStateRecovery__Enabled"] = "true",
            });
        var output = await stack.RunAsync(Path.Combine("recovery", "serverless.mjs"));
        var socketId = output.Split('\n').First(line => line.StartsWith("socket-id=", StringComparison.Ordinal))["socket-id=".Length..].Trim();

        await stack.WaitForFunctionLogAsync($"conformance connected {socketId} recovered=False");
        await stack.WaitForFunctionLogAsync($"conformance connected {socketId} recovered=True");
        await stack.WaitForFunctionLogAsync($"conformance disconnected {socketId}: transport close");

        // The disconnected function takes a second before it logs; the recovered connected was queued behind it
        // on the gateway, so it logs after it: a function sees the drop, then the recovery, as Node's events go.
        var logs = stack.Logs;
        Assert.True(
            logs.IndexOf($"conformance disconnected {socketId}: transport close", StringComparison.Ordinal) < logs.IndexOf($"conformance connected {socketId} recovered=True", StringComparison.Ordinal),
            "disconnected must reach the functions before the recovered connected:\n" + logs);
    }
}
