using System.Diagnostics;
using System.Net;

namespace SocketIO.Serverless.FunctionsHost.Tests;

/// <summary>Timeouts and dying workers, each on a host of its own so the failures touch no other test.</summary>
public sealed class WorkerFailureTests
{
    [Fact]
    public async Task A_function_running_past_functionTimeout_is_answered_504_and_the_host_keeps_serving()
    {
        await using var host = await RunningHost.StartAsync(TestApps.AspNetCore, ("FunctionsHost:FunctionTimeout", "00:00:01"));
        // A cold worker's first call of a function (JIT, first request through its ASP.NET Core pipeline) can itself
        // take past one second on a loaded machine: warm the function that must later answer within the timeout.
        await WarmAsync(host, "api/hello/warm");

        using var slow = await host.Client.GetAsync("api/slow/60000");

        await host.AssertStatusAsync(HttpStatusCode.GatewayTimeout, slow);
        Assert.Contains("Timeout value of 00:00:01 exceeded by function 'Functions.Slow'", await slow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var next = await host.Client.GetAsync("api/hello/again");
        await host.AssertStatusAsync(HttpStatusCode.OK, next);
    }

    [Fact]
    public async Task A_worker_killed_mid_request_fails_that_request_with_503_then_a_new_worker_serves_and_shutdown_ends_it()
    {
        int restartedWorker;
        await using (var host = await RunningHost.StartAsync(TestApps.AspNetCore))
        {
            var firstWorker = host.State.Current!.Process.Id;
            var inFlight = host.Client.GetAsync("api/slow/120000");
            await host.Logs.WaitForAsync("Slow invocation", TimeSpan.FromSeconds(60));

            using (var worker = Process.GetProcessById(firstWorker))
            {
                worker.Kill(entireProcessTree: true);
            }

            using var failed = await inFlight;
            await host.AssertStatusAsync(HttpStatusCode.ServiceUnavailable, failed);

            var restarted = await host.WaitForNewWorkerAsync(firstWorker);
            restartedWorker = restarted.Process.Id;
            using var recovered = await host.Client.GetAsync("api/hello/again");
            await host.AssertStatusAsync(HttpStatusCode.OK, recovered);
            Assert.Equal(restartedWorker.ToString(System.Globalization.CultureInfo.InvariantCulture), await host.Client.GetStringAsync("api/pid"));
        }

        // Stopping the host sent WorkerTerminate (or killed the worker after the grace period): nothing is left running.
        Assert.True(HasExited(restartedWorker), $"worker process {restartedWorker} outlived the host");
    }

    private static async Task WarmAsync(RunningHost host, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await host.Client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK || attempt == 10)
            {
                await host.AssertStatusAsync(HttpStatusCode.OK, response);
                return;
            }
        }
    }

    private static bool HasExited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
