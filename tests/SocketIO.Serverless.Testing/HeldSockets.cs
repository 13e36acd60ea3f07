using System.Text.Json;

namespace SocketIO.Serverless.Testing;

/// <summary>tests/e2e/rooms/held-sockets.mjs: real clients kept connected (one socket per namespace each) while a test acts on their rooms.</summary>
public sealed class HeldSockets : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private HeldSockets(ChildProcess process, IReadOnlyList<HeldSocket> sockets)
    {
        _process = process;
        Sockets = sockets;
    }

    public IReadOnlyList<HeldSocket> Sockets { get; }

    public static async Task<HeldSockets> StartAsync(string gatewayUrl, int count, params string[] namespaces)
    {
        var process = ChildProcess.Start("node", [Path.Combine(RepoPaths.NodeScripts, "rooms", "held-sockets.mjs"), gatewayUrl, count.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.Serialize(namespaces)]);
        try
        {
            await process.WaitForLineAsync(line => line == "READY", TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var sockets = process.Output.Split('\n')
            .Where(line => line.StartsWith("SOCKET ", StringComparison.Ordinal))
            .Select(line => JsonSerializer.Deserialize<HeldSocket>(line["SOCKET ".Length..], new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
            .ToList();
        return new HeldSockets(process, sockets);
    }

    public HeldSocket In(string @namespace, int client = 0) => Sockets.Single(socket => socket.Namespace == @namespace && socket.I == client);

    /// <summary>Waits for the clients to print a line containing every one of <paramref name="parts"/>.</summary>
    public Task<string> WaitForAsync(params string[] parts) =>
        _process.WaitForLineAsync(line => parts.All(part => line.Contains(part, StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

    /// <summary>
    /// The socket of client <paramref name="client"/> in <paramref name="namespace"/> emits an event with an ack and
    /// waits for the ack (its arguments as JSON): once it is back, the gateway has done all it does for the event.
    /// </summary>
    public async Task<string> EmitWithAckAsync(string @namespace, int client, string eventName, params object?[] arguments)
    {
        var id = Guid.NewGuid().ToString("N");
        await _process.WriteLineAsync("EMIT " + JsonSerializer.Serialize(new { id, @namespace, i = client, @event = eventName, args = arguments })).ConfigureAwait(false);
        var line = await _process.WaitForLineAsync(line => line.StartsWith($"ACK {id} ", StringComparison.Ordinal), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return line[$"ACK {id} ".Length..];
    }

    /// <summary>Ends every connection at once (the client process is killed: the gateway sees the transports close).</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

public sealed record HeldSocket(int I, string Namespace, string Id, string Connection);
