using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The conformance function app (tests/SocketIO.Serverless.ConformanceFunctions: "/" and "/custom", plus a
/// <c>slow</c> event) behind the gateway and the local host, with a short <c>Upstream:Timeout</c> so a function
/// can outlive it. Every function runs once before the tests (a cold worker's first calls are the slowest).
/// </summary>
public class ConformanceAppStack : IAsyncLifetime
{
    /// <summary>The gateway's Upstream:Timeout for this stack.</summary>
    public static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _upstreamTimeout;
    private FunctionAppStack? _stack;

    public ConformanceAppStack()
        : this(UpstreamTimeout)
    {
    }

    protected ConformanceAppStack(TimeSpan upstreamTimeout)
    {
        _upstreamTimeout = upstreamTimeout;
    }

    public FunctionAppStack Stack => _stack ?? throw new InvalidOperationException("The stack is not started.");

    public async Task InitializeAsync()
    {
        _stack = await FunctionAppStack.StartAsync(
            "SocketIO.Serverless.ConformanceFunctions",
            gatewaySettings: new Dictionary<string, string?>
            {
                ["Upstream__Timeout"] = _upstreamTimeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Upstream__Namespaces__0"] = "/",
                ["Upstream__Namespaces__1"] = "/custom",
                // Back-pressure is logged at debug: the burst test looks for it.
                ["Logging__LogLevel__SocketIO.Serverless.Gateway.SocketIO.SocketIOEngineApplication"] = "Debug",
                ["Logging__LogLevel__SocketIO.Serverless.Gateway.Upstream.HttpSocketApplication"] = "Debug",
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

/// <summary>
/// The same stack with the default Upstream:Timeout (30 s): for a burst of thousands of invocations, none of which
/// may lose its ack because a loaded machine stalled one of them past a short timeout.
/// </summary>
public sealed class UnhurriedConformanceAppStack : ConformanceAppStack
{
    public UnhurriedConformanceAppStack()
        : base(TimeSpan.FromSeconds(30))
    {
    }
}
