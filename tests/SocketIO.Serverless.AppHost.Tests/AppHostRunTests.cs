using System.Globalization;
using SocketIO.Serverless.Testing;
using Xunit.Abstractions;

namespace SocketIO.Serverless.AppHost.Tests;

/// <summary>
/// `dotnet run --project src/SocketIO.Serverless.AppHost` (the README's run command) with ephemeral ports: it comes up
/// healthy, the chat page answers, a socket.io-client chats, one chat message is one trace across the gateway, the
/// local Functions host and the worker, and Ctrl+C (SIGINT to the process group) stops every process it started.
/// </summary>
public sealed class AppHostRunTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan TraceTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_run_command_comes_up_healthy_chats_traces_one_message_across_every_part_and_stops_clean()
    {
        Assert.True(OperatingSystem.IsLinux(), "The test reads /proc and signals a process group: Linux only.");
        await using var otlp = await OtlpReceiver.StartAsync();
        int gatewayPort = FreePort.Next(), functionsPort = FreePort.Next(), azuritePort = FreePort.Next();
        string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

        // setsid: the run gets its own process group, so SIGINT reaches it the way a terminal's Ctrl+C does; env: with
        // SIGINT at its default, as from a terminal, however this test run was launched.
        await using var run = ChildProcess.Start("setsid",
            ["env", .. ChildProcess.WithDefaultInterrupt(["dotnet", "run", "--project", Path.Combine("src", "SocketIO.Serverless.AppHost"), "--no-build", "--no-launch-profile", "--",
                $"--Run:GatewayPort={Port(gatewayPort)}", $"--Run:FunctionsPort={Port(functionsPort)}", $"--Run:AzuritePort={Port(azuritePort)}",
                $"--Run:OtlpEndpoint={otlp.Endpoint.ToString().TrimEnd('/')}"])],
            RepoPaths.Root,
            new Dictionary<string, string?>
            {
                // The launch profile's settings, on ephemeral ports (the fixed ones may be in use on a developer's machine).
                ["ASPNETCORE_URLS"] = $"http://localhost:{Port(FreePort.Next())}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{Port(FreePort.Next())}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{Port(FreePort.Next())}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_ENVIRONMENT"] = "Development",
            });
        IReadOnlyList<ProcessTree.Entry> started = [];
        try
        {
            // The gateway is reported ready only after its own health check and those of Azurite and the Functions
            // host it waits for: this line means every resource is healthy.
            var page = $"http://localhost:{Port(gatewayPort)}/";
            await run.WaitForLineAsync(line => line.Contains($"Chat page: {page}", StringComparison.Ordinal), StartTimeout);
            await run.WaitForLineAsync(line => line.StartsWith("Dashboard: http://localhost:", StringComparison.Ordinal), StartTimeout);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            Assert.Equal("Healthy", await http.GetStringAsync($"{page}readyz"));
            Assert.Contains("\"state\":\"Running\"", await http.GetStringAsync($"http://localhost:{Port(functionsPort)}/admin/host/status"), StringComparison.Ordinal);
            Assert.Contains("/socket.io/socket.io.js", await http.GetStringAsync(page), StringComparison.Ordinal);

            var text = "traced " + Guid.NewGuid().ToString("N")[..8];
            output.WriteLine(await NodeScript.RunAndAssertSuccessAsync(Path.Combine("apphost", "chat.mjs"), [page.TrimEnd('/'), text]));

            var trace = await WaitForChatTraceAsync(otlp);
            foreach (var span in trace)
            {
                output.WriteLine($"{span.Service,-18} {span.Scope,-45} {span.Name}");
            }

            // One tree: the gateway's event span is the root, every other span's parent is in the same trace.
            var root = Assert.Single(trace, s => !trace.Any(p => p.SpanId == s.ParentSpanId));
            Assert.Equal(("gateway", "socketio.event"), (root.Service, root.Name));

            started = ProcessTree.Of(run.Id);
            Assert.Contains(started, p => p.CommandLine.Contains("SocketIO.Serverless.Gateway", StringComparison.Ordinal));
            Assert.Contains(started, p => p.CommandLine.Contains("SocketIO.Serverless.ChatFunctions.dll", StringComparison.Ordinal));
            Assert.Contains(started, p => p.CommandLine.Contains("azurite", StringComparison.Ordinal));
        }
        catch
        {
            output.WriteLine(run.Output);
            throw;
        }
        finally
        {
            if (started.Count == 0)
            {
                started = ProcessTree.Of(run.Id);
            }

            ProcessTree.Interrupt(run.Id);
        }

        var code = await run.WaitForExitAsync(StopTimeout);
        var deadline = DateTime.UtcNow + StopTimeout;
        while (started.Any(ProcessTree.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var left = started.Where(ProcessTree.IsAlive).ToList();
        Assert.True(left.Count == 0, "Still running after Ctrl+C:\n" + string.Join('\n', left.Select(p => $"{p.Pid} {p.CommandLine}")) + "\n" + run.Output);
        output.WriteLine($"`dotnet run` exited with {code}; all {started.Count} processes it started are gone.");
    }

    /// <summary>
    /// The trace of the gateway's upstream call for `message`, once it holds spans of the gateway, the Functions host
    /// and the worker, and the gateway's server span of the function's management call (the broadcast).
    /// </summary>
    private static async Task<IReadOnlyList<ReceivedSpan>> WaitForChatTraceAsync(OtlpReceiver otlp)
    {
        var deadline = DateTime.UtcNow + TraceTimeout;
        while (true)
        {
            var spans = otlp.Spans;
            foreach (var upstream in spans.Where(s => s.Service == "gateway" && s.Name == "upstream message"))
            {
                var trace = spans.Where(s => s.TraceId == upstream.TraceId).ToList();
                if (trace.Any(s => s.Service == "functions") && trace.Any(s => s.Service == "functions-worker")
                    && trace.Any(s => s.Service == "gateway" && s.Name.StartsWith("POST /api/hubs", StringComparison.Ordinal)))
                {
                    return trace;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                var summary = string.Join('\n', spans.GroupBy(s => s.TraceId).Select(g => g.Key + ": " + string.Join(", ", g.Select(s => $"{s.Service}/{s.Name}"))));
                throw new TimeoutException($"No trace of the chat message spans the gateway, the host, the worker and a management call within {TraceTimeout}. Spans received:\n{summary}");
            }

            await Task.Delay(250);
        }
    }
}
