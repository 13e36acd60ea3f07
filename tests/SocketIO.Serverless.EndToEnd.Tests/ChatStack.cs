using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// The product running locally as one command would run it: the gateway with the Functions upstream, the local
/// Functions host, and the seed's chat function app in the real isolated worker, on ephemeral ports, with the
/// repository's local.settings.sample.json pointed at this gateway, and rooms in a real Azurite (written by the
/// gateway, read by the functions' acks).
/// </summary>
public sealed class ChatStack : IAsyncLifetime
{
    private FunctionAppStack? _stack;
    private Azurite? _azurite;

    public string GatewayUrl => Stack.GatewayUrl;

    /// <summary>What the gateway and the host printed so far, for failure messages.</summary>
    public string Logs => _stack?.Logs ?? string.Empty;

    private FunctionAppStack Stack => _stack ?? throw new InvalidOperationException("The chat stack is not started.");

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _stack = await FunctionAppStack.StartAsync(
            "SocketIO.Serverless.ChatFunctions",
            settingsTemplate: Path.Combine(RepoPaths.Root, "local.settings.sample.json"),
            rooms: _azurite);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>Waits until the Functions host (which prints the worker's logs) printed a line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForFunctionLogAsync(string text) => Stack.WaitForFunctionLogAsync(text);

    /// <summary>Runs tests/e2e/chat/<paramref name="script"/> against the gateway; fails with its output and the servers' logs.</summary>
    public Task<string> RunAsync(string script, params string[] arguments) => Stack.RunAsync(Path.Combine("chat", script), arguments);
}

[CollectionDefinition(Name)]
public sealed class ChatStackCollection : ICollectionFixture<ChatStack>
{
    public const string Name = "chat stack";
}
