using System.Globalization;
using System.Text.RegularExpressions;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests;

/// <summary>
/// <c>scripts/conformance-server --serverless PORT</c>, as a user runs it before the official Socket.IO v5 suite:
/// the behaviour that suite expects of "/" and "/custom", checked with the real client (the suite itself is not in
/// the repository), and the script's cleanup of the host it started when it is stopped.
/// </summary>
public sealed partial class ServerlessConformanceServerTests
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_serverless_conformance_server_behaves_as_the_suite_expects_and_cleans_up_when_stopped()
    {
        var port = FreePort.Next();
        var url = $"http://localhost:{port}";
        await using var server = ChildProcess.Start(
            "bash",
            [Path.Combine(RepoPaths.Root, "scripts", "conformance-server"), "--serverless", port.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string?>
            {
                // What this test project's references built; a build here would race the other test assemblies.
                ["CONFORMANCE_CONFIGURATION"] = BuildOutput.Configuration,
                ["CONFORMANCE_SKIP_BUILD"] = "1",
                // Engine.IO's defaults, not the suites' 300/200 ms: this checks events, acks and namespaces, and a
                // half-second stall of a loaded machine would otherwise end the polling socket with a ping timeout.
                ["CONFORMANCE_PING_INTERVAL"] = "25000",
                ["CONFORMANCE_PING_TIMEOUT"] = "20000",
            });
        await server.WaitForLineAsync(line => line.StartsWith("Conformance server ready (serverless): ", StringComparison.Ordinal), StartupTimeout);

        foreach (var transport in new[] { "websocket", "polling" })
        {
            var result = await NodeScript.RunAsync(Path.Combine("conformance", "serverless.mjs"), [url, transport]);
            Assert.True(result.ExitCode == 0, $"conformance/serverless.mjs {transport} exited with {result.ExitCode}:\n{result.Output}\n--- conformance-server ---\n{server.Output}");
        }

        // SIGTERM, as a terminal or CI stops it: the gateway shuts down, the trap stops the host and its worker.
        var workDirectory = WorkDirectory().Match(server.Output).Groups["dir"].Value;
        Assert.NotEmpty(workDirectory);
        await using (var kill = ChildProcess.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            Assert.Equal(0, await kill.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.False(Directory.Exists(workDirectory), $"{workDirectory} was left behind:\n{server.Output}");
        Assert.Empty(ProcessesMentioning(workDirectory));
    }

    // The host logs the worker's command line, which holds the script's private copy of the app.
    [GeneratedRegex(@"(?<dir>/\S*/conformance-serverless\.[A-Za-z0-9]+)/app/")]
    private static partial Regex WorkDirectory();

    private static List<string> ProcessesMentioning(string text) => ProcessTable.CommandLinesContaining(text);
}
