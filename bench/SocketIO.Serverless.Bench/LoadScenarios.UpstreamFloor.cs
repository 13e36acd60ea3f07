using System.Diagnostics;
using System.Globalization;

namespace SocketIO.Serverless.Bench;

/// <summary>
/// This machine's floor for the serverless path's upstream leg (echo target only): the event request the gateway
/// sends, made by <see cref="UpstreamFloorCaller"/> (an <see cref="HttpClient"/> set up as the gateway's: pooled
/// keep-alive HTTP/1.1) on the server's core, as the gateway shares its core with the local host, against the bare
/// Kestrel server answering it with a fixed ACK, N requests in flight. The caller's CPU per request is what one
/// upstream request costs a gateway before any Socket.IO work: with the in-process cost of an event, it bounds the
/// gateway's serverless CPU per event from below.
/// </summary>
internal sealed partial class LoadScenarios
{
    private async Task UpstreamFloorAsync()
    {
        if (!server.Raw)
        {
            return;
        }

        foreach (var inFlight in options.Clients)
        {
            Progress($"{server.Name}: upstream floor, {inFlight} HTTP requests in flight from core {options.ServerCore}");
            var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "-c", options.ServerCore.ToString(CultureInfo.InvariantCulture), "dotnet", typeof(LoadScenarios).Assembly.Location, UpstreamFloorCaller.Command,
                server.Port.ToString(CultureInfo.InvariantCulture), inFlight.ToString(CultureInfo.InvariantCulture),
                options.ServerWarmup.TotalSeconds.ToString(CultureInfo.InvariantCulture), options.ServerWarmupMax.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                options.ClientsDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var caller = Process.Start(start) ?? throw new InvalidOperationException("could not start the upstream floor's caller");
            try
            {
                // The server's CPU is read over the caller's measured window, which it announces.
                (ProcessTree.Sample Server, TimeSpan Self, long Start)? window = null;
                while (await caller.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line == UpstreamFloorCaller.MeasuringLine)
                    {
                        window = Begin();
                    }
                    else if (line.StartsWith(UpstreamFloorCaller.ResultPrefix, StringComparison.Ordinal) && window is { } measured)
                    {
                        var (serverCpu, _, _) = End(measured);
                        var fields = line[UpstreamFloorCaller.ResultPrefix.Length..].Split(' ');
                        var requests = Math.Max(1, double.Parse(fields[0], CultureInfo.InvariantCulture));
                        var prefix = $"floor.{inFlight}.";
                        Record(prefix + "perSec", requests / double.Parse(fields[1], CultureInfo.InvariantCulture));
                        Record(prefix + "callerCpuUsPerRequest", double.Parse(fields[2], CultureInfo.InvariantCulture) / requests);
                        Record(prefix + "serverCpuUsPerRequest", serverCpu.TotalMicroseconds / requests);
                    }
                }

                await caller.WaitForExitAsync();
                if (caller.ExitCode != 0)
                {
                    throw new InvalidOperationException($"the upstream floor's caller exited with {caller.ExitCode}");
                }
            }
            finally
            {
                if (!caller.HasExited)
                {
                    caller.Kill();
                }
            }
        }
    }
}

/// <summary>The upstream floor's caller: its own process, so that it can share the server's core (LoadScenarios.UpstreamFloor.cs).</summary>
internal static class UpstreamFloorCaller
{
    public const string Command = "upstream-floor";
    public const string Route = "/socketio/echo";
    public const string MeasuringLine = "measuring";
    public const string ResultPrefix = "result ";

    /// <summary>Prints <see cref="MeasuringLine"/> when the window opens, then <c>result REQUESTS SECONDS CPU_µs</c>.</summary>
    public static async Task RunAsync(int port, int inFlight, TimeSpan warmup, TimeSpan warmupMax, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 });
        var url = new Uri($"http://127.0.0.1:{port}{Route}");
        long requests = 0;
        var measuring = false;
        var running = true;
        var loops = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref running))
            {
                using var request = LoadScenarios.SplitRequest(url, "bench-floor", "floor-signature");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                await response.Content.ReadAsStringAsync();
                response.EnsureSuccessStatusCode();
                if (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref requests);
                }
            }
        })).ToArray();

        // A fresh process on one core: warmed up as the servers are, until its JIT settled (LoadScenarios.WarmUpAsync).
        var warming = Stopwatch.GetTimestamp();
        await Task.Delay(warmup);
        await LoadScenarios.JitSettledAsync(ProcessTree.OwnJit, () => Task.Delay(LoadScenarios.SettleWindow), warming, warmupMax);

        var cpu = ProcessTree.Self();
        var started = Stopwatch.GetTimestamp();
        Console.WriteLine(MeasuringLine);
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var used = ProcessTree.Self() - cpu;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"{ResultPrefix}{Interlocked.Read(ref requests)} {seconds} {used.TotalMicroseconds}"));
        Volatile.Write(ref running, false);
        await Task.WhenAll(loops);
    }
}
