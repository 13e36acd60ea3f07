using System.Diagnostics;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Gateway.Tests.SocketIO;

/// <summary>The gateway as a real process: SIGTERM tells connected clients and exits within a bounded time.</summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_closes_every_client_with_server_shutting_down_and_exits_promptly()
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        await using var gateway = ChildProcess.Start(
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "SocketIO.Serverless.Gateway.dll"),
                "--urls", url,
                "--contentRoot", AppContext.BaseDirectory,
                "--Gateway:Application=Conformance",
            ]);
        await gateway.WaitForLineAsync(line => line.Contains("Now listening on", StringComparison.Ordinal), Startup);

        await using var clients = ChildProcess.Start("node", [Path.Combine(RepoPaths.NodeScripts, "socketio", "shutdown.mjs"), url]);
        await clients.WaitForLineAsync(line => line == "connected", TimeSpan.FromSeconds(30));
        await gateway.WaitForLineAsync(line => line.Contains("connected to / over connection", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", gateway.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"The gateway took {stopwatch.Elapsed} to stop.");
        Assert.Equal(0, await clients.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("disconnected from /: server shutting down", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("ok - the polling client is told the server went away", clients.Output, StringComparison.Ordinal);
    }
}
