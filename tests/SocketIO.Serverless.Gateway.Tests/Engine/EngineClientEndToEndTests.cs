using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Engine;

/// <summary>The real <c>engine.io-client</c> from npm against the raw echo endpoint, over each transport.</summary>
public sealed class EngineClientEndToEndTests : IAsyncLifetime
{
    private EngineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("engine/websocket-only.mjs")]
    [InlineData("engine/polling-only.mjs")]
    [InlineData("engine/upgrade.mjs")]
    [InlineData("engine/binary.mjs")]
    public async Task Engine_io_client_round_trips_through_the_echo(string script)
    {
        var output = await NodeScript.RunAndAssertSuccessAsync(script, [_host.BaseAddress.ToString().TrimEnd('/')]);
        Assert.Contains("echoed", output, StringComparison.Ordinal);
    }
}
