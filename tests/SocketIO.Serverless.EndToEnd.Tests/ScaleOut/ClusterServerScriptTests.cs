using System.Diagnostics;
using System.Globalization;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.EndToEnd.Tests.ScaleOut;

/// <summary><c>scripts/cluster-server</c> itself: it starts its own Redis and Azurite, and SIGTERM stops everything it started.</summary>
public sealed class ClusterServerScriptTests
{
    [Fact]
    public async Task SigtermStopsEverythingItStartedAndGatewaysLeaveAtOnce()
    {
        var basePort = FreePort.Consecutive(2);
        await using var script = ChildProcess.Start(
            Path.Combine(RepoPaths.Root, "scripts", "cluster-server"),
            ["--gateways", "2", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--no-build"],
            RepoPaths.Root,
            new Dictionary<string, string?> { ["CLUSTER_CONFIGURATION"] = BuildOutput.Configuration });
        var ready = await script.WaitForLineAsync(line => line.StartsWith("Cluster ready: ", StringComparison.Ordinal), TimeSpan.FromSeconds(150));
        Assert.Equal($"Cluster ready: http://localhost:{basePort} http://localhost:{basePort + 1}", ready);
        var started = System.Text.RegularExpressions.Regex.Matches(script.Output, @" pid (\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(5, started.Count); // Redis, Azurite, the Functions host, two gateways

        using (var term = Process.Start("kill", ["-TERM", script.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await script.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.All(started, pid => Assert.False(IsAlive(pid), $"process {pid} outlived the script:\n{script.Output}"));
        var output = script.Output;
        foreach (var instance in new[] { $"gateway-1-{basePort}", $"gateway-2-{basePort + 1}" })
        {
            // Assert.Contains would cut the output short; the whole of it says why a gateway did not leave cleanly.
            Assert.True(
                output.Contains($"Gateway instance {instance} is stopping: its rows are removed at once", StringComparison.Ordinal),
                $"{instance} did not say it removed its rows as it stopped. Output:\n{output}");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
