using System.Globalization;
using System.Text.RegularExpressions;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.Bench.Tests;

/// <summary>
/// The servers the benchmark compares serve one application, which others may point their own load generators at:
/// <c>scripts/bench-server inprocess|serverless PORT</c> and the Node reference (<c>bench/node/server.js</c>), each
/// checked with the real socket.io-client (tests/e2e/bench/contract.mjs), and stopped cleanly by SIGTERM.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed partial class BenchServerContractTests
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("inprocess")]
    [InlineData("serverless")]
    public async Task Bench_server_serves_echo_broadcast_and_stats_and_stops_on_SIGTERM(string mode)
    {
        var port = FreePort.Next();
        await using var server = ChildProcess.Start(
            "bash",
            [Path.Combine(RepoPaths.Root, "scripts", "bench-server"), mode, port.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string?>
            {
                // What this test project's references built; a build here would race the other test assemblies.
                ["BENCH_CONFIGURATION"] = BenchBuild.Configuration,
                ["BENCH_SKIP_BUILD"] = "1",
            });
        await server.WaitForLineAsync(line => line.StartsWith($"Bench server ready ({mode}): ", StringComparison.Ordinal), StartupTimeout);

        await AssertContractAsync(port, server);

        await using (var kill = ChildProcess.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            Assert.Equal(0, await kill.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        // The gateway names the port on its command line; the host logs its worker's, which holds the script's
        // private copy of the app.
        var workDirectory = WorkDirectory().Match(server.Output).Groups["dir"].Value;
        Assert.Equal(mode == "serverless", workDirectory.Length > 0);
        Assert.Empty(ProcessesMentioning($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", server));
        if (workDirectory.Length > 0)
        {
            Assert.False(Directory.Exists(workDirectory), $"{workDirectory} was left behind:\n{server.Output}");
            Assert.Empty(ProcessesMentioning(workDirectory, server));
        }
    }

    [Fact]
    public async Task The_Node_reference_serves_the_same_application()
    {
        await BenchBuild.EnsureNodeReferenceInstalledAsync();
        var port = FreePort.Next();
        await using var server = ChildProcess.Start("node", ["--expose-gc", "server.js", port.ToString(CultureInfo.InvariantCulture)],
            workingDirectory: Path.Combine(RepoPaths.Root, "bench", "node"));
        await server.WaitForLineAsync(line => line.StartsWith("Bench server ready (node): ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await AssertContractAsync(port, server);
    }

    private static async Task AssertContractAsync(int port, ChildProcess server)
    {
        var result = await NodeScript.RunAsync(Path.Combine("bench", "contract.mjs"), [$"http://127.0.0.1:{port}"]);
        Assert.True(result.ExitCode == 0, $"bench/contract.mjs exited with {result.ExitCode}:\n{result.Output}\n--- server ---\n{server.Output}");
    }

    [GeneratedRegex(@"(?<dir>/\S*/bench-serverless\.[A-Za-z0-9]+)/app/")]
    private static partial Regex WorkDirectory();

    private static List<string> ProcessesMentioning(string needle, ChildProcess server) =>
        [.. ProcessTable.CommandLinesContaining(needle)
            .Where(commandLine => !commandLine.Contains("contract.mjs", StringComparison.Ordinal))
            .Select(commandLine => $"{commandLine}\n--- server ---\n{server.Output}")];
}
