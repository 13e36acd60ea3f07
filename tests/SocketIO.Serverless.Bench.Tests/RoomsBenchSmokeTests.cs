using SocketIO.Serverless.Testing;
using Xunit.Abstractions;

namespace SocketIO.Serverless.Bench.Tests;

/// <summary>
/// scripts/bench-rooms at tiny sizes against its own Azurite: it runs to the end and prints every figure (joins/s,
/// leaves/s, membership-query latency through the management API and through the SDK), its own checks (every join
/// and every leave is in the table) passing. Speed is printed, never asserted.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class RoomsBenchSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_run_prints_every_figure_of_the_rooms_benchmark()
    {
        await using var bench = ChildProcess.Start("dotnet", [BenchBuild.RoomsBenchmarkProgram, "--sockets", "5", "--concurrency", "2", "--queries", "5"]);
        var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(bench.Output);
        Assert.True(exitCode == 0, $"the rooms benchmark exited with {exitCode}:\n{bench.Output}");
        foreach (var figure in new[]
        {
            "joins (management API", "fetchSockets of a 5-member room via the management API: p50", "fetchSockets of a 5-member room via the SDK from the table: p50",
            "room size via the SDK from the table: p50", "one socket's rooms via the SDK from the table: p50", "leaves (management API",
        })
        {
            Assert.Contains(figure, bench.Output, StringComparison.Ordinal);
        }
    }
}
