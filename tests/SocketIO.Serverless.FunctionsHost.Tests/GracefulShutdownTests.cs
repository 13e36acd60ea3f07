using System.Diagnostics;
using System.Globalization;
using System.Net;
using SocketIO.Serverless.Testing;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>
/// The host as its own process, stopped the way a terminal or an orchestrator stops it (SIGTERM, Ctrl+C): it ends
/// its worker (WorkerTerminate, then a kill after the grace period) and exits within a bounded time.
/// </summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signalled_idle_host_ends_its_worker_and_exits(string signal)
    {
        await using var host = StartHost(grace: TimeSpan.FromSeconds(5));
        var worker = await WaitForWorkerAsync(host);

        Signal(host.Id, signal);

        Assert.Equal(0, await host.WaitForExitAsync(ExitTimeout));
        await AssertGoneAsync(worker, host);
        // The worker honoured WorkerTerminate: the host did not have to kill it.
        Assert.DoesNotContain("of WorkerTerminate; killed", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_busy_past_the_grace_period_is_killed_by_the_host_even_with_a_shorter_shutdown_timeout()
    {
        // The generic host stops waiting for its services after shutdownTimeoutSeconds; the host must still see
        // its worker's grace period through and kill it itself.
        await using var host = StartHost(grace: TimeSpan.FromSeconds(2), "--shutdownTimeoutSeconds", "1");
        var (baseAddress, worker) = await HostProcess.WaitForReadyAsync(host);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = ExitTimeout };
        var slow = client.GetAsync("slow/600000");
        await host.WaitForLineAsync(l => l.Contains("Slow invocation", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Signal(host.Id, "TERM");

        Assert.Equal(0, await host.WaitForExitAsync(ExitTimeout));
        await AssertGoneAsync(worker, host);
        Assert.Contains("did not exit within 00:00:02 of WorkerTerminate; killed", host.Output, StringComparison.Ordinal);
        using var response = await slow;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static ChildProcess StartHost(TimeSpan grace, params string[] arguments)
        => HostProcess.Start(
            new Dictionary<string, string?> { ["FunctionsHost__WorkerShutdownGracePeriod"] = grace.ToString("c", CultureInfo.InvariantCulture) },
            arguments);

    private static async Task<int> WaitForWorkerAsync(ChildProcess host) => (await HostProcess.WaitForReadyAsync(host)).WorkerProcessId;

    // Only the host gets the signal, as when a supervisor stops one process (not its whole group).
    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task AssertGoneAsync(int processId, ChildProcess host)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (IsRunning(processId))
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"worker process {processId} outlived its host. Host output:\n{host.Output}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    // A zombie (exited, not yet reaped by its parent) counts as gone: it runs no code and holds no port.
    private static bool IsRunning(int processId)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{processId}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
