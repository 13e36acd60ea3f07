using System.Text.Json;
using SocketIO.Serverless.Testing;
using Xunit.Abstractions;

namespace SocketIO.Serverless.Bench.Tests;

/// <summary>
/// The benchmark of docs/benchmarks.md at tiny sizes, against every server it compares (Node's socket.io, the
/// gateway in-process and serverless, the bare Kestrel echo): it runs to the end, produces every figure of its
/// table, and delivers every broadcast to every client. Figures of speed are printed, never asserted.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["node", "inprocess", "serverless", "echo"];
    private static readonly int[] Idle = [20, 40];
    private static readonly int[] InFlight = [1, 2];
    private static readonly int[] Clients = [1, 2];

    [Fact]
    public async Task A_tiny_run_produces_every_figure_for_every_server_and_delivers_every_broadcast()
    {
        await BenchBuild.EnsureNodeReferenceInstalledAsync();
        var json = Path.Combine(Path.GetTempPath(), $"bench-smoke-{Guid.NewGuid():N}.json");
        try
        {
            await using var bench = ChildProcess.Start("dotnet",
            [
                BenchBuild.BenchmarkProgram,
                "--targets", string.Join(',', Targets),
                "--idle", string.Join(',', Idle),
                "--ack-clients", "3",
                "--in-flight", string.Join(',', InFlight),
                "--duration", "1",
                "--warmup", "0.2",
                "--server-warmup", "0.5",
                "--server-warmup-max", "1",
                "--broadcast-clients", "5",
                "--paced-rate", "20",
                "--paced-seconds", "0.5",
                "--burst", "5",
                "--storm", "20",
                "--sources", "3",
                "--clients", string.Join(',', Clients),
                "--clients-duration", "0.5",
                "--json", json,
            ]);
            var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(4));
            output.WriteLine(bench.Output);
            Assert.True(exitCode == 0, $"the benchmark exited with {exitCode}:\n{bench.Output}");

            using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            foreach (var target in Targets)
            {
                Assert.True(figures.RootElement.TryGetProperty(target, out var of), $"no figures for {target}:\n{bench.Output}");
                foreach (var key in ExpectedKeys(gateway: target is "inprocess" or "serverless", serverless: target == "serverless", echo: target == "echo"))
                {
                    Assert.True(of.TryGetProperty(key, out var value) && double.IsFinite(value.GetDouble()), $"{target} has no figure {key}");
                }

                foreach (var count in Idle)
                {
                    Assert.Equal(count, of.GetProperty($"idle.{count}.held").GetDouble());
                }

                Assert.Equal(100, of.GetProperty("paced.deliveredPct").GetDouble());
                Assert.Equal(100, of.GetProperty("burst.deliveredPct").GetDouble());
                Assert.Equal(100, of.GetProperty("storm.acceptedPct").GetDouble());
                foreach (var inFlight in InFlight)
                {
                    Assert.True(of.GetProperty($"ack.{inFlight}.perSec").GetDouble() > 0, $"{target} completed no ack with {inFlight} in flight");
                }
            }

            // The one table, with the ratio to Node for every other server.
            Assert.Contains("| scenario | Node socket.io | gateway in-process | ratio | gateway serverless | ratio | Kestrel WS echo | ratio |", bench.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static IEnumerable<string> ExpectedKeys(bool gateway, bool serverless, bool echo)
    {
        yield return "warmup.seconds";
        foreach (var count in Idle)
        {
            yield return $"idle.{count}.rssKBPerConnection";
            yield return $"idle.{count}.held";
        }

        foreach (var inFlight in InFlight)
        {
            foreach (var figure in new[] { "perSec", "p50Ms", "p99Ms", "cpuUsPerAck", "kernelCpuUsPerAck" })
            {
                yield return $"ack.{inFlight}.{figure}";
            }

            if (gateway)
            {
                yield return $"ack.{inFlight}.gatewayCpuUsPerAck";
            }

            if (serverless)
            {
                yield return $"ack.{inFlight}.hostCpuUsPerAck";
                yield return $"ack.{inFlight}.workerCpuUsPerAck";
            }
        }

        foreach (var clients in Clients)
        {
            yield return $"clients.{clients}.perSec";
            yield return $"clients.{clients}.p50Ms";
            yield return $"clients.{clients}.cpuUsPerAck";
            yield return $"clients.{clients}.kernelCpuUsPerAck";
            if (gateway)
            {
                yield return $"clients.{clients}.gatewayCpuUsPerAck";
            }

            if (serverless)
            {
                yield return $"clients.{clients}.hostCpuUsPerAck";
                yield return $"clients.{clients}.workerCpuUsPerAck";
            }
        }

        if (serverless)
        {
            foreach (var part in new[] { "total", "gateway", "upstreamHop", "host", "worker" })
            {
                yield return $"split.{part}P50Ms";
            }
        }

        if (echo)
        {
            foreach (var inFlight in Clients)
            {
                yield return $"floor.{inFlight}.perSec";
                yield return $"floor.{inFlight}.callerCpuUsPerRequest";
                yield return $"floor.{inFlight}.serverCpuUsPerRequest";
            }
        }

        foreach (var key in new[]
        {
            "paced.p50Ms", "paced.p99Ms", "paced.cpuUsPerDelivery", "paced.deliveredPct",
            "burst.perSec", "burst.cpuUsPerDelivery", "burst.deliveredPct", "storm.perSec", "storm.acceptedPct", "generator.cpuPct",
        })
        {
            yield return key;
        }
    }
}
