using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// <c>SocketIO:MaxConcurrentEventsPerSocket</c> above 1 through the real chain (socket.io-client → gateway → local host
/// → worker): a function that waits, for an ack from its own client or a slow call, no longer holds back the
/// socket's next event. (Strict order, the default: <see cref="FaultTests.By_default_a_sockets_events_reach_their_functions_one_after_another"/>.)
/// </summary>
public sealed class PerSocketConcurrencyTests(PerSocketConcurrencyTests.ConcurrentAppStack fixture) : IClassFixture<PerSocketConcurrencyTests.ConcurrentAppStack>
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task A_function_awaiting_its_own_clients_ack_does_not_block_the_sockets_next_event(string transport)
    {
        var output = await fixture.Stack.RunAsync(Path.Combine("faults", "concurrency.mjs"), transport, "concurrent");

        Assert.Contains("ok - a slow function does not hold back the next event: its ack comes first", output, StringComparison.Ordinal);
        Assert.Contains("ok - a function awaiting an ack from its own client does not block the socket's next event", output, StringComparison.Ordinal);
    }

    /// <summary>The conformance function app behind a gateway that runs up to 4 of a socket's events at once.</summary>
    public sealed class ConcurrentAppStack : IAsyncLifetime
    {
        private FunctionAppStack? _stack;

        public FunctionAppStack Stack => _stack ?? throw new InvalidOperationException("The stack is not started.");

        public async Task InitializeAsync()
        {
            _stack = await FunctionAppStack.StartAsync(
                "SocketIO.Serverless.ConformanceFunctions",
                gatewaySettings: new Dictionary<string, string?>
                {
                    ["SocketIO__MaxConcurrentEventsPerSocket"] = "4",
                    ["Upstream__Namespaces__0"] = "/",
                    ["Upstream__Namespaces__1"] = "/custom",
                });
            await _stack.RunAsync(Path.Combine("conformance", "warm-up.mjs"));
        }

        public async Task DisposeAsync()
        {
            if (_stack is not null)
            {
                await _stack.DisposeAsync();
            }
        }
    }
}
