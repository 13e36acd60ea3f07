using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// One client's burst through the real chain (socket.io-client → gateway → local host → worker): more events than
/// the gateway queues, so back-pressure stops and resumes reading many times, and nothing may be lost or reordered,
/// nor the connection dropped (its heartbeat goes on through the pauses).
/// </summary>
public sealed class BurstTests(UnhurriedConformanceAppStack fixture, Xunit.Abstractions.ITestOutputHelper log) : IClassFixture<UnhurriedConformanceAppStack>
{
    private FunctionAppStack Stack => fixture.Stack;

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task A_burst_of_10000_events_from_one_client_is_acked_completely_and_in_order(string transport)
    {
        var output = await Stack.RunAsync(TimeSpan.FromMinutes(4), Path.Combine("burst", "burst.mjs"), transport, "message-with-ack", "10000");

        log.WriteLine($"{output.Split('\n').LastOrDefault(line => line.StartsWith("burst of", StringComparison.Ordinal))}; gateway peak RSS {Stack.GatewayPeakMemory}");
        Assert.Contains("ok - all 10000 events acked", output, StringComparison.Ordinal);
        Assert.Contains("ok - in the order they were sent", output, StringComparison.Ordinal);
        // More than MaxPendingEvents (1,000) waited for the functions: the gateway stopped reading instead of dropping.
        await Stack.WaitForGatewayLogAsync("waiting for the application; reading from its connection pauses");
    }
}
