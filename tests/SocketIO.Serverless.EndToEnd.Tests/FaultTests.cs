using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// Faults behind the gateway, through the real chain (socket.io-client → gateway → local host → worker): a function
/// that outlives the upstream timeout, and a Functions host that goes down and comes back. (A function that throws:
/// <see cref="ChatTests.A_failing_or_missing_function_leaves_the_socket_working"/>.)
/// </summary>
public sealed class FaultTests(ConformanceAppStack fixture) : IClassFixture<ConformanceAppStack>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private FunctionAppStack Stack => fixture.Stack;

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task A_function_that_times_out_is_logged_and_the_socket_keeps_its_order(string transport)
    {
        var slowMs = (int)(ConformanceAppStack.UpstreamTimeout.TotalMilliseconds * 2);
        var output = await Stack.RunAsync(Path.Combine("faults", "timeout.mjs"), transport, slowMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var socketId = SocketIdIn(output);

        Assert.Contains("ok - the timed-out event gets no ack", output, StringComparison.Ordinal);
        await Stack.WaitForGatewayLogAsync("'slow'", $"socket {socketId} in namespace / ", "failed: timeout");
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task By_default_a_sockets_events_reach_their_functions_one_after_another(string transport)
    {
        // SocketIO:MaxConcurrentEventsPerSocket is 1 unless set (this stack leaves it).
        var output = await Stack.RunAsync(Path.Combine("faults", "concurrency.mjs"), transport, "ordered");

        Assert.Contains("ok - the event after a slow one starts only after it finished: acks in the order sent", output, StringComparison.Ordinal);
        Assert.Contains("ok - a function awaits an ack from its own client, and the next event follows it", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invocation_for_a_socket_that_left_is_cancelled_not_left_to_time_out()
    {
        var output = await Stack.RunAsync(Path.Combine("faults", "gone.mjs"), "websocket");
        var socketId = SocketIdIn(output);

        await Stack.WaitForGatewayLogAsync("'slow' of socket " + socketId, "cancelled: the socket went away");
    }

    [Fact]
    public async Task A_functions_host_that_is_down_fails_events_and_connects_but_not_the_socket()
    {
        await using var client = Stack.StartScript(Path.Combine("faults", "host-down.mjs"), "websocket", Stack.HostUrl);
        try
        {
            await client.WaitForLineAsync(line => line == "stop the host now", Generous);
            var socketId = SocketIdIn(client.Output);
            await Stack.StopHostAsync();

            await client.WaitForLineAsync(line => line == "start the host now", Generous);
            await Stack.WaitForGatewayLogAsync("'message-with-ack'", $"socket {socketId} in namespace / ", "failed: unreachable");
            await Stack.WaitForGatewayLogAsync("'message'", $"socket {socketId} in namespace / ", "failed: unreachable");
            await Stack.StartHostAsync();

            var code = await client.WaitForExitAsync(Generous);
            Assert.True(code == 0, $"host-down.mjs exited with {code}:\n{client.Output}\n{Stack.Logs}");
            Assert.Contains("ok - the socket never disconnected", client.Output, StringComparison.Ordinal);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- host-down.mjs ---\n{client.Output}\n{Stack.Logs}", e);
        }
        finally
        {
            // Whatever happened, the other tests of this class get a running host.
            if (!Stack.IsHostRunning)
            {
                await Stack.StartHostAsync();
            }
        }
    }

    private static string SocketIdIn(string output) =>
        output.Split('\n').Single(line => line.StartsWith("socket-id=", StringComparison.Ordinal))["socket-id=".Length..].Trim();
}
