using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.Management;

/// <summary>tests/e2e/management/held-client.mjs: a real client kept connected to "/" and "/admin" while a test acts on it.</summary>
public sealed class HeldClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ChildProcess _process;

    private HeldClient(ChildProcess process, string[] ready)
    {
        _process = process;
        ConnectionId = ready[1];
        SocketId = ready[2];
        AdminSocketId = ready[3];
    }

    public string ConnectionId { get; }

    public string SocketId { get; }

    public string AdminSocketId { get; }

    public ChildProcess Process => _process;

    public static async Task<HeldClient> StartAsync(string gatewayUrl)
    {
        var process = ChildProcess.Start("node", [Path.Combine(RepoPaths.NodeScripts, "management", "held-client.mjs"), gatewayUrl]);
        var ready = await process.WaitForLineAsync(line => line.StartsWith("READY ", StringComparison.Ordinal), Wait).ConfigureAwait(false);
        return new HeldClient(process, ready.Split(' '));
    }

    /// <summary>Waits for the client to print exactly <paramref name="line"/>.</summary>
    public Task<string> WaitForAsync(string line) => _process.WaitForLineAsync(candidate => candidate == line, Wait);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
